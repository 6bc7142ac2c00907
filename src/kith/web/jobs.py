"""Imports from the web form run in a background thread, one at a time per database,
so the page can show how many records have been read and then the report.

The upload is saved (size limit, zip checks) in the request, into a private temporary
folder that the thread removes when it is done. Job state lives in memory only: a
restarted server forgets its jobs (the import itself is one transaction, done or not).
"""

from __future__ import annotations

import logging
import secrets
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from kith.errors import KithError
from kith.service import Store, web_support
from kith.web import pages

log = logging.getLogger("kith.web")
KEEP = 50  # finished jobs remembered, oldest forgotten first


class ImportRunning(KithError):
    """An import into this database is still running; wait for it."""


@dataclass
class ImportJob:
    id: str
    file: str
    source: str
    state: str = "running"  # running | done | failed
    records: int = 0
    report: dict[str, Any] | None = None
    error: str | None = None
    started_at: str = field(default_factory=lambda: _now())
    finished_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "source": self.source,
            "state": self.state,
            "records": self.records,
            "report": self.report,
            "error": self.error,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
        }


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class ImportJobs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: dict[str, ImportJob] = {}
        self._running: dict[str, str] = {}  # database url -> job id
        self._threads: list[threading.Thread] = []

    def get(self, job_id: str) -> dict[str, Any] | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.as_dict() if job else None

    def start(
        self, database: str, store: Store, stream: IO[bytes], filename: str, source: str
    ) -> str:
        """Save the upload (refusing it as the synchronous API does), then import it
        in a thread. Returns the job id."""
        pages.check_source(source)
        with self._lock:
            running = self._running.get(database)
        if running:
            raise ImportRunning(
                f"an import is still running — wait for it at /import/{running}"
            )
        with ExitStack() as stack:
            folder = stack.enter_context(web_support.upload_folder())
            path = web_support.save_upload(stream, filename, folder)
            cleanup = stack.pop_all()
        job = ImportJob(secrets.token_hex(8), Path(filename.replace("\\", "/")).name, source)
        with self._lock:
            if database in self._running:
                cleanup.close()
                raise ImportRunning(
                    f"an import is still running — wait for it at /import/{self._running[database]}"
                )
            self._running[database] = job.id
            self._jobs[job.id] = job
            self._forget_old()
            thread = threading.Thread(
                target=self._run,
                args=(job, database, store, path, filename, cleanup),
                name=f"kith-import-{job.id}",
                daemon=True,
            )
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return job.id

    def _run(
        self,
        job: ImportJob,
        database: str,
        store: Store,
        path: Path,
        filename: str,
        cleanup: ExitStack,
    ) -> None:
        def progress(records: int) -> None:
            job.records = records

        report: dict[str, Any] | None = None
        error: str | None = None
        try:
            with cleanup:
                report = pages.run_import(store, path, filename, job.source, progress)
        except KithError as exc:
            error = str(exc)
        except Exception:  # the thread must never die silently
            log.exception("import job %s failed", job.id)
            error = "something went wrong inside Kith — see the server log"
        with self._lock:
            job.report, job.error = report, error
            job.state = "failed" if error is not None else "done"
            job.finished_at = _now()
            self._running.pop(database, None)

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.state != "running"]
        for job in finished[: max(0, len(finished) - KEEP)]:
            del self._jobs[job.id]

    def wait(self, timeout: float = 60.0) -> None:
        """Let running imports finish before the store closes (server shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
