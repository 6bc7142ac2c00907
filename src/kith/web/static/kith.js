// Kith's only script: small comforts, nothing the pages need to work.
"use strict";
document.addEventListener("keydown", (event) => {
  const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
  if (event.key === "/" && !typing) {
    event.preventDefault();
    document.getElementById("top-q").focus();
  }
});
document.addEventListener("click", (event) => {
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const text = document.getElementById(copy.dataset.copy).value;
    navigator.clipboard.writeText(text).then(() => { copy.textContent = "Copied"; });
  }
  const backLink = event.target.closest("[data-back]");
  if (backLink && history.length > 1) {
    event.preventDefault();
    history.back();
  }
});
document.addEventListener("submit", (event) => {
  const busy = event.target.querySelector("[data-busy]");
  if (busy) busy.hidden = false;
});
// An import's page: follow the job every second, then show its report.
const job = document.querySelector("[data-import-job]");
if (job) {
  const poll = () => fetch(job.dataset.importJob, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((data) => {
      if (data.state === "running") {
        job.querySelector("[data-records]").textContent = data.records;
        setTimeout(poll, 1000);
      } else {
        location.reload();
      }
    })
    .catch(() => setTimeout(poll, 1000));
  setTimeout(poll, 1000);
}
