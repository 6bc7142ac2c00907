"""The words of the demo: Maya Lindqvist's posts, her network, and what they say.

Bulk text only, no logic; `kith.demo` arranges it on a calendar. Scripts use
`(days before the last day, "HH:MM" UTC, who, text)`; `who` is `me`, `them`, or
`channel:purpose` for a conversation Maya logs by hand (then `text` is her note).
Templates for the background network use `(offset in days from the start, who,
text)` with `{first}` and `{company}` filled in per person.
"""

from __future__ import annotations

ME_FIRST, ME_LAST = "Maya", "Lindqvist"
ME_URL = "https://www.linkedin.com/in/mayalindqvist"
ME_HEADLINE = (
    "Leadership coach for first-time managers | Conversations over content | "
    "Founder, Lindqvist Leadership"
)
ME_SUMMARY = (
    "Most new managers are promoted for being great at the work, then left alone with the "
    "hardest part: the conversations. I spent eleven years leading product and engineering "
    "teams in Stockholm and Berlin before starting Lindqvist Leadership in 2019. How I help • "
    "Coaching for first-time managers, one-to-one and in small cohorts • Peer-to-lead "
    "programmes for companies promoting from within • Workshops on 1:1s, feedback and "
    "delegation that end with a conversation you will have this week. I post every Tuesday "
    "about the conversations that make managers. Say hello if you are about to promote "
    "someone. maya@lindqvist-leadership.example.com"
)

CONNECTIONS_NOTE = (
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"'
)

# Maya's weekly posts, newest first. Posts 0-12 fall in the last 90 days; the repeat
# engagers below comment on specific ones, so keep the order.
POSTS = [
    "The follow-up is the meeting.\n\nMost of what a conversation is worth gets decided in the "
    "24 hours after it: what you send, what you offer, which time you propose next.\n\nA great "
    "call with no follow-up is a nice memory. A decent call with a specific follow-up is the "
    "start of something.",
    'Ask for feedback on one thing, not everything.\n\n"How am I doing?" gets you "fine".\n'
    '"What is one thing I could have done better in Monday\'s planning meeting?" gets you '
    "something you can use by Friday.",
    "The hardest shift for a first-time manager is not skills. It's calendar.\n\nLast year your "
    "calendar was the work. This year your calendar is the strategy: who you make time for, "
    "and what you stop doing so they can grow.",
    "Posting every week for three years got me reach.\n\nConversations got me clients.\n\nEvery "
    "one of my long-term clients started with a comment, then a DM, then a call. The posts "
    "opened the door. The conversations walked through it.",
    "Three conversations every new manager should have in week one:\n\n1. With their own "
    "manager: what does success look like in 90 days?\n2. With each report: what do you need "
    "from me, and what do you not need?\n3. With a peer one year ahead: what do you wish you "
    "had known?",
    "Stop running 1:1s as status updates.\n\nStatus belongs in a shared doc. The 1:1 is for "
    "the things that don't fit in a doc: what's hard, what's next, what's getting in the way.",
    "Write to think. Talk to decide.\n\nA long comment thread feels like progress and rarely "
    "is. When a decision has gone around twice in writing, book 20 minutes and make it.",
    'Delegate outcomes, not tasks.\n\n"Please update the roadmap slide" is a task. "Make '
    'sure the board understands why we moved the launch" is an outcome. Only one of them '
    "grows the person doing it.",
    "The kindest feedback is early feedback.\n\nSay the true thing kindly, and say it in week "
    "two, not in the review in month six. Late feedback is not gentle. It is just late.",
    'A new manager\'s first "no" is the hardest.\n\nA month ago you were the person everyone '
    "came to. Now every yes you give to a request is a no to your team. Practise the sentence: "
    '"Not this quarter, and here is why."',
    "Small talk is fine. Stay there too long and it's a missed chance.\n\nMy favourite "
    'question to leave it: "What are you excited about at work right now?" People answer '
    "that one with their whole face.",
    'Your best engineer may not want to be a manager.\n\nAsk. Not "do you want to be promoted" '
    'but "what work do you want more of, and less of, a year from now?" The answer tells you '
    "more than any career ladder.",
    "Silence is a tool.\n\nWhen you ask a report a real question, count to five before you fill "
    "the gap. The second thing people say is usually the true one.",
    'Coaching question of the week: "What would you do if you were not afraid of getting it '
    'wrong?"',
    "Most team conflict I see is not about personalities. It's two people optimising for "
    "different goals nobody wrote down.\n\nWrite the goals down. Half the conflict goes away.",
    'A manager I coach keeps a "people notebook": one page per report, updated after every '
    "1:1. Birthdays, worries, the course they want to take.\n\nIt sounds clinical. It is the "
    "opposite. It's how you remember what matters to people.",
    "If your team only hears from you in meetings, they only know the meeting version of you.",
    "Promoted from within? Name the change out loud.\n\n\"Yesterday we were peers. Today I'm "
    "your manager. Here's what I hope stays the same, and here's what changes.\" Awkward for "
    "two minutes, clear for two years.",
    "I asked 40 first-time managers what they wished they had been told. The top answer, by "
    'far: "That it\'s normal to feel worse at your job for the first six months."',
    'Feedback that starts with "just" is rarely just.',
    'The best 1:1 question I know: "What should I know that I\'m not asking about?"',
    "Hot take: most leadership programmes have too much content and too few conversations.\n\n"
    "Nobody became a better manager by finishing a module. They became one by trying something "
    "on Monday and talking about it on Friday.",
    "Weekly reminder that your calendar is a list of promises to other people. Keep the ones "
    "that matter.",
    "Client story (shared with permission): a team lead in a logistics company started ending "
    'every 1:1 with "What\'s one thing I can take off your plate?"\n\nIn three months her team '
    "went from the highest attrition in the region to the lowest.",
    "Delegation is not dumping. If you hand over the work but keep the decisions, you've "
    "handed over the stress and kept the learning.",
    "Nobody remembers your slides. They remember the question you asked them.",
    "The first 90 days as a manager are a listening tour. Resist the urge to fix things in "
    "week two. Week two is for learning which things are actually broken.",
    "Three things I stopped doing this year:\n\n- posting without replying to comments\n- "
    'taking calls without a follow-up slot in my calendar\n- saying "let\'s stay in touch" '
    "without saying when",
    "The difference between a mentor and a coach: a mentor tells you what worked for them. A "
    "coach asks what will work for you.",
    '"I don\'t have time for 1:1s" usually means "my 1:1s aren\'t useful yet". Fix the '
    "format before you cancel the meeting.",
    'Summer reading for new managers: "The Making of a Manager" by Julie Zhuo. Still the '
    "kindest book on the subject.",
    "Recognition works best when it is specific, soon and in the currency the person values. "
    "Some people want the all-hands shout-out. Most want you to notice the detail.",
    "I used to measure my week by how many things I shipped. Now I measure it by how many "
    "good conversations I had. Both are work.",
    'The question that changes a performance conversation: "What\'s getting in the way?" '
    'instead of "Why isn\'t this done?"',
    "Eight years ago my manager said: \"Your job is no longer to be right. It's to make sure "
    'the team gets to right."\n\nI still think about it every week.',
    "Remote teams don't lack communication. They lack unstructured time. Put 15 minutes of "
    "nothing-on-the-agenda into your team call and watch what comes up.",
    "If you're promoting someone this quarter, give them a peer, not just a training budget.",
    "A good meeting ends with three things: what we decided, who does what, when we talk "
    "next. A great meeting writes them down before anyone leaves.",
    'Coaching question of the week: "What are you tolerating that you shouldn\'t be?"',
    "Managers don't need more frameworks. They need someone to practise the hard sentence "
    "with before they say it for real.",
    "The loneliest month of management is month three. The novelty is gone and the "
    "competence isn't there yet. If that's you: it passes. Talk to someone.",
    'Asked a client what changed most after six months of coaching. Her answer: "I stopped '
    'preparing what to say and started preparing what to ask."',
    "Your team watches what you do after a mistake much more closely than the mistake itself.",
    "Celebrating 5 years of Lindqvist Leadership this week. 212 managers coached, 31 "
    "companies, and more cinnamon buns than I'd like to admit. Thank you to every one of you "
    "who trusted me with a hard conversation. 🙏",
    "Hiring your first manager from outside? Ask candidates to describe a 1:1 that went badly "
    "and what they did next. You'll learn more than from any case study.",
    "New managers over-prepare their talks and under-prepare their listening.",
    'Unpopular opinion: "my door is always open" is not a management style. Put the time in '
    "the calendar.",
    "Feedback isn't a sandwich. It's a conversation: what I saw, what it did, what you think.",
    "Starting a new series: one hard management conversation every Tuesday, and the first "
    "sentence I'd use to open it. First up next week: telling a friend they didn't get the "
    "promotion.",
    "Happy new year! My one wish for every new manager this year: one real conversation a "
    "week with each person on your team.",
]

# Substantive comments by the repeat engagers, keyed by post index (see POSTS).
REPEAT_ENGAGERS = {
    "Gaurav Mehta": {
        10: 'We replaced "any updates?" in our skip-levels with "what\'s one thing that slowed '
        'you down this week?" and the answers got ten times more useful. Small question, big '
        "shift.",
        6: '"Write to think, talk to decide" is going on the wall of our engineering floor. We '
        "lost two weeks last quarter debating an architecture choice in a doc thread that a "
        "30-minute call settled.",
        3: "Same from the hiring side: the candidates I remember are the ones who replied to a "
        "comment and asked a real question, not the ones with the most posts.",
        0: "The 24-hour rule is so underrated. I started sending a three-line recap after every "
        "1:1 (what we decided, who owns what, when we next talk) and my team's follow-through "
        "visibly changed.",
    },
    "Sofia Carvalho": {
        8: '"Early" is the word that matters here. Most performance cases I support would have '
        "been a five-minute conversation in month one and became a three-month process by "
        "month six.",
        5: "We ran an experiment: managers moved status updates out of 1:1s for a month. Our "
        '"my manager understands my goals" score went up 14 points.',
        1: "Asking about one thing is such a good constraint. I'd add: ask about something the "
        "other person actually saw. Specific questions get specific answers.",
    },
    "Tomasz Nowak": {
        11: "I was that engineer. Nobody asked, I said yes out of loyalty, and spent a year "
        "being a mediocre manager before I learned to like it. One real conversation up front "
        "would have saved me and my team a lot.",
        7: "Delegating outcomes only worked for me once I also handed over the context: the why, "
        'the constraints, what good looks like. Without that, "own the outcome" just feels '
        "like being left alone with it.",
        2: "The calendar point hit home. I blocked two hours a week for unblocking and my team "
        "started saving questions for that slot instead of interrupting each other all day.",
    },
}

# Comments from the wider network (at most two recent posts per person, so only the
# repeat engagers above qualify for a first DM).
COMMENTS = [
    "This is exactly the conversation we had in our leadership offsite last week.",
    "Saving this for my next 1:1 prep. Thank you Maya!",
    "The point about writing things down resonates. We lose so much in hallway decisions.",
    "I wish someone had told me this in my first month as a manager.",
    "Sharing this with our new team leads. Short, clear, and very true.",
    "Love the practical framing. Would you adapt this for remote teams?",
    "Counting to five is harder than it sounds! Tried it today and it worked.",
    "We do something similar with a 'decisions log' and it changed our retros.",
    "So true. The best managers I had asked far more than they told.",
    "This matches our engagement survey almost word for word.",
    "Great reminder. The follow-up is where most of us drop the ball.",
    "Printed this and put it next to my monitor.",
    "Agree, and I'd add: make it safe to say 'I don't know yet'.",
    "The 'currency the person values' idea is spot on.",
    "As an HR partner I see this every week. Thank you for putting it so simply.",
    "Month three was definitely my loneliest. Good to know it wasn't just me.",
    "We started giving every new manager a peer buddy this year. Best decision we made.",
    "Such a useful question. Stealing it for my team meeting on Thursday.",
    "Yes! Frameworks are easy, the first sentence is the hard part.",
    "Thank you for this, Maya. Needed to read it today.",
    "Our CTO shared this in Slack this morning. It sparked a great thread.",
    "Would love a post on how to do this across time zones.",
    "This is the kind of content that makes LinkedIn worth opening.",
    "Congratulations Maya! Well deserved.",
    "The peer-to-lead transition is so underestimated. Great post.",
    "Simple and powerful. The 'what should I know that I'm not asking about' question is gold.",
    "Couldn't agree more. Listening is a skill you can practise.",
    "Trying this with my team next week, will report back!",
    "This reframed how I think about my calendar. Thank you.",
    "Interesting. In our company the 1:1 template is the problem, not the managers.",
]

# Maya's public replies to comments (written "<Full Name> text", as LinkedIn exports them).
COMMENT_REPLIES = [
    "Thank you! So glad it was useful.",
    "Love that. Let me know how it goes!",
    "That's such a good addition, thank you.",
    "Yes, exactly this.",
    "Ha, I'm still practising it myself 🙂",
    "Thank you for sharing your experience here.",
    "Such a good example, thank you.",
    "Great question. Maybe a post for next week!",
]
REPEAT_REPLIES = {
    "Gaurav Mehta": "The three-line recap is such a good habit. Stealing it for my clients!",
    "Sofia Carvalho": "14 points! That's a remarkable result. Thank you for sharing it.",
    "Tomasz Nowak": "Thank you for being so honest about it. That year taught you a lot, I bet.",
}

# The cast: (first, last, company, position, days since connecting).
CAST = {
    "send_dm": [
        ("Gaurav", "Mehta", "Finlytics", "Head of Engineering", 400),
        ("Sofia", "Carvalho", "Lumen Health", "Senior People Partner", 230),
        ("Tomasz", "Nowak", "Vistula Robotics", "Engineering Manager", 310),
    ],
    "others": [
        ("Hannah", "Weber", "Brightfield Logistics", "Chief Operating Officer", 120),
        ("Daniel", "Okonkwo", "Kora Studio", "Founder & Creative Director", 95),
        ("Aisha", "Rahman", "Northwind Foods", "HR Director", 3),
        ("Lucas", "Moreau", "Maison Verte", "Head of Operations", 720),
        ("Elena", "Petrova", "Nordic Founders Network", "Programme Director", 165),
        ("Marcus", "Bell", "Tidewater Analytics", "Founder & CEO", 80),
        ("Ingrid", "Solberg", "Fjordline Software", "VP People", 60),
        ("Kenji", "Watanabe", "Sakura & Co. Consulting", "Partner", 1300),
        ("Olivia", "Brennan", "Harbourline Insurance", "Director of Customer Operations", 900),
        ("Beatriz", "Santos", "Atlas Retail Group", "Head of Learning & Development", 200),
        ("Ruth", "Abebe", "Abebe Coaching", "Executive Coach", 1500),
        ("Camille", "Durand", "Cadence Team Coaching", "Team Coach", 1100),
        ("Jonas", "Berg", "Berg & Ek Facilitation", "Leadership Facilitator", 1700),
        ("Leila", "Haddad", "Haddad Careers", "Career Coach (ICF PCC)", 800),
    ],
}

D = tuple[float, str, str, str]
SCRIPTS: dict[str, list[D]] = {
    "Hannah Weber": [
        (
            18,
            "08:12",
            "them",
            "Hi Maya, I've been following your posts on first-time managers "
            "for a while. The one about the three week-one conversations landed at exactly the "
            "right moment: we're promoting eight new team leads across our Hamburg and Rotterdam "
            "hubs this spring. Could I ask how you'd structure their first month?",
        ),
        (
            17,
            "15:05",
            "me",
            "Hi Hannah, thank you, and congratulations on eight promotions at "
            "once! Short answer: fewer trainings, more conversations. In week one I'd have each of "
            "them sit down with their own manager, with each direct report, and with one peer lead "
            "who's a year ahead. Are most of them promoted from within their own teams?",
        ),
        (
            16,
            "07:30",
            "them",
            "Yes, six of the eight will now manage the people they used to "
            "work next to on the floor. That's the part I worry about most, honestly. Two of them "
            "have already asked me how to handle friends who are now their reports.",
        ),
        (
            12,
            "09:15",
            "me",
            "That's the hardest transition there is, and the fact that they're "
            'asking is a good sign. I wrote a short guide for exactly this, "From peer to lead in '
            '30 days". Happy to send it. The core of it: name the change out loud in the first '
            "1:1 instead of pretending nothing changed.",
        ),
        (
            11,
            "06:55",
            "them",
            "Please do send it! Naming the change out loud is the piece we "
            "were missing. Our HR team had them doing a leadership e-learning module, which nobody "
            "finished.",
        ),
        (
            4,
            "13:20",
            "me",
            "Here it is: https://lindqvist-leadership.example.com/peer-to-lead "
            "\nChapter 2 is the one for your six. Curious what you and the team make of it.",
        ),
        (
            0,
            "08:15",
            "them",
            "Read it on the train this morning. Chapter 2 is spot on, and I've "
            "shared it with our Head of People, Jens. I'd love to hear how you've seen other "
            "companies run the peer-to-lead transition at this scale: we have to decide on the "
            "format by the end of May.",
        ),
    ],
    "Daniel Okonkwo": [
        (
            15,
            "08:40",
            "them",
            "Hi Maya, Daniel from Kora Studio. Your post about conversations "
            "getting you clients (not the posting) made me laugh, because it's exactly my last two "
            "years. We're a nine-person design studio and I'm about to hire our first design lead. "
            "Can I ask you something about that?",
        ),
        (
            15,
            "14:10",
            "me",
            "Hi Daniel, of course, ask away. Glad the post landed; it took me "
            "three years of weekly posting to learn it.",
        ),
        (
            14,
            "09:02",
            "them",
            "The person I have in mind is our best designer. Brilliant with "
            "clients, but I'm not sure she wants to manage, and I don't know how to ask without it "
            "sounding like a test.",
        ),
        (
            13,
            "10:30",
            "me",
            "That's such an important question to ask well. What I've seen "
            "work: ask about the work she wants more of and less of a year from now, before you "
            'mention the role. If "growing other designers" comes up on its own, you have your '
            "answer.",
        ),
        (
            9,
            "17:45",
            "them",
            'Asked her over lunch on Friday. "Growing other designers" came '
            "up in the first five minutes 😄 Now I need to work out what support she'll need, and "
            "what I need to stop doing.",
        ),
        (
            2,
            "08:05",
            "me",
            'That\'s wonderful news! The "what I need to stop doing" half is '
            "usually the harder one for founders. This piece on the founder-to-manager handover "
            "might help: https://lindqvist-leadership.example.com/handover\nHappy to think it "
            "through with you.",
        ),
    ],
    "Aisha Rahman": [
        (
            1,
            "08:30",
            "them",
            "Hi Maya, Sofia Carvalho suggested I get in touch (we were on a "
            "panel together in Lisbon). We're promoting twelve new team leads at our Manchester "
            "and Leeds sites after the summer and I'm looking for someone to run a short programme "
            "for them. Would you have space in September? Happy to share what we have in mind.",
        ),
    ],
    "Lucas Moreau": [
        (
            340,
            "09:10",
            "them",
            "Bonjour Maya, a colleague at our Paris office recommended you. "
            "I've just been made Head of Operations and for the first time I manage managers. "
            "Would you consider coaching me for a few months?",
        ),
        (
            340,
            "15:00",
            "me",
            "Bonjour Lucas, congratulations on the new role! I'd be glad to "
            "talk about it. Could we have a first video call on Thursday at 10:00 CET?",
        ),
        (339, "08:20", "them", "Thursday 10:00 is perfect. Merci!"),
        (
            336,
            "09:00",
            "video:explore",
            "First conversation with Lucas: managing managers for the first "
            "time, 5 site leads, feels he is still doing their jobs. Agreed on 6 sessions.",
        ),
        (
            336,
            "12:00",
            "me",
            "Thank you for today, Lucas. As agreed: six sessions every two "
            "weeks, starting on the 14th. Before then, could you write down the three decisions "
            "you'd most like your site leads to take without you?",
        ),
        (335, "07:45", "them", "Done, sent by email. The exercise alone was useful!"),
        (
            250,
            "12:00",
            "video:converge",
            "Last session with Lucas. Site leads now run their own "
            "weekly reviews; he wants a check-in every quarter.",
        ),
        (
            249,
            "10:00",
            "me",
            "Lucas, it's been a real pleasure. Here's the summary of our six "
            "sessions and the three habits to keep. Let's check in next quarter.",
        ),
        (
            248,
            "18:30",
            "them",
            "Merci Maya, for everything. The team noticed the difference before I did.",
        ),
        (
            150,
            "12:00",
            "call:check_in",
            "Quarterly check-in with Lucas: all good, one site lead "
            "leaving in spring; he is thinking about promoting from within.",
        ),
        (
            149,
            "09:30",
            "me",
            "Great to catch up yesterday. Here's the post on promoting from "
            "within I mentioned: name the change out loud!",
        ),
        (148, "07:10", "them", "Thank you! Will read it before I talk to Chloé."),
        (
            2,
            "07:10",
            "them",
            "Hi Maya! Quick one: our new VP of Operations starts in June and "
            "asked me who helped me most in my first year managing managers. I said you, "
            "obviously 🙂 Would you be open to an intro? She is building a team of five leads in "
            "Lyon.",
        ),
    ],
    "Elena Petrova": [
        (
            160,
            "12:00",
            "meeting:social",
            "Met Elena at the Nordic Leadership Summit in Copenhagen, "
            "after my talk. She runs the founders programme at Nordic Founders Network.",
        ),
        (
            159,
            "09:00",
            "me",
            "Elena, lovely to meet you at the summit yesterday! As promised, "
            "here's the peer-to-lead guide. Let's stay in touch about founders who become "
            "managers.",
        ),
        (
            158,
            "07:20",
            "them",
            "Thank you Maya, and thank you for the talk. Several founders "
            "were still quoting it at dinner.",
        ),
        (
            14,
            "08:15",
            "them",
            "Hi Maya, we're putting together the programme for Founders "
            "Week in September. Would you be interested in running a session on founders becoming "
            "managers?",
        ),
        (
            14,
            "10:40",
            "me",
            "I'd love to! It's my favourite topic. What format do you have in "
            "mind: a talk, or a workshop with exercises?",
        ),
        (
            13,
            "07:05",
            "them",
            "A 60-minute workshop for about 30 founders. Could you send a "
            "title and a three-line description by the end of next week?",
        ),
        (
            6,
            "09:30",
            "me",
            "Here's my proposal. Title: \"From founder to manager: the five "
            "conversations you can't delegate\". Description: founders practise the first "
            "sentence of the five conversations that decide whether their first managers succeed, "
            "and leave with one they'll have the following week. Happy to adjust the angle.",
        ),
    ],
    "Marcus Bell": [
        (
            75,
            "08:50",
            "them",
            "Maya, a friend forwarded your post on delegation. We've grown "
            "from 12 to 40 people this year and my three team leads are drowning. Could we talk?",
        ),
        (
            75,
            "13:00",
            "me",
            "Hi Marcus, thank you for reaching out, and that sounds like a lot "
            "of growth in one year. Of course. How about Thursday at 15:00 UK time?",
        ),
        (74, "08:10", "them", "Thursday works."),
        (
            70,
            "14:00",
            "video:explore",
            "Marcus: three team leads promoted in a hurry, all still doing "
            "individual work. Wants a three-month programme; budget decision with his co-founder "
            "Priya.",
        ),
        (
            69,
            "09:40",
            "me",
            "Thank you for the conversation yesterday, Marcus. What I heard: "
            "your leads need time back before they need training. Two possibilities: a "
            "three-month cohort for the three of them, or coaching for you first so you can "
            "delegate to them. Happy to write up both.",
        ),
        (
            67,
            "16:30",
            "them",
            "Thanks Maya, this is helpful. Could you send a proposal with "
            "both options? I'll take it to Priya next week.",
        ),
        (
            40,
            "10:00",
            "me",
            "Hi Marcus, here's the proposal with both options, timelines and "
            "costs: https://lindqvist-leadership.example.com/p/tidewater\nHappy to walk you and "
            "Priya through it.",
        ),
        (
            26,
            "09:15",
            "me",
            "Hi Marcus, checking in on the proposal. If the timing isn't right "
            "I'm happy to adjust the scope or start later in the year.",
        ),
        (
            12,
            "08:45",
            "me",
            "Hi Marcus, one last note on this: no pressure at all. If "
            'priorities have changed, a quick "not now" is completely fine and helps me plan.',
        ),
    ],
    "Ingrid Solberg": [
        (
            20,
            "07:30",
            "them",
            "Hi Maya, I've been reading your posts on peer-to-lead "
            "transitions. We're promoting six engineers to managers this quarter. Would you be "
            "open to a conversation about a coaching pilot?",
        ),
        (
            20,
            "11:15",
            "me",
            "Hi Ingrid, I'd be glad to. Could you do a video call next week? "
            "Tuesday at 10:00 or Thursday at 14:00 CET both work for me.",
        ),
        (
            19,
            "08:00",
            "them",
            "Board week next week, unfortunately. Could we do the Thursday after, at 14:00?",
        ),
        (
            19,
            "09:20",
            "me",
            "Of course. To make the most of it: what made you decide to invest in the six now?",
        ),
        (
            18,
            "07:50",
            "them",
            "Two of our best engineers quit last year within six months of "
            "becoming managers. I don't want to lose more.",
        ),
        (
            8,
            "10:05",
            "me",
            "That makes a lot of sense, thank you for telling me. Looking "
            "forward to Thursday. I'll send a video link the day before.",
        ),
        (
            1,
            "12:00",
            "video:explore",
            "Explored a coaching pilot for her six new engineering "
            "managers. She needs a proposal by mid-May, two references, and wants the CTO in the "
            "next conversation.",
        ),
    ],
    "Kenji Watanabe": [
        (
            142,
            "10:00",
            "them",
            "Maya, a client of mine in Rotterdam needs a coach for new "
            "managers and I immediately thought of you. Shall we brainstorm how we'd split it?",
        ),
        (142, "12:30", "me", "Kenji! Yes, let's. Friday at 9:00?"),
        (
            140,
            "07:00",
            "call:brainstorm",
            "Brainstormed a joint offer with Kenji for his Rotterdam "
            "client: he does the org design, I coach the six new managers.",
        ),
        (
            140,
            "14:00",
            "me",
            "Great session. Summary of the split and a first draft of the "
            "offer here. Let's send it to them on Monday?",
        ),
        (139, "08:30", "them", "Looks good, sending Monday. Always a pleasure working with you."),
        (
            11,
            "09:40",
            "them",
            "Maya! I'll be in Stockholm next week for a client. Coffee on Wednesday morning?",
        ),
        (
            10,
            "07:15",
            "me",
            "Yes please! Vete-Katten on Kungsgatan at 9:00? I'll be the one with "
            "the oversized notebook.",
        ),
        (
            3,
            "07:00",
            "meeting:social",
            "Coffee with Kenji at Vete-Katten. His firm wants a coaching "
            "partner for two Amsterdam clients in the autumn; he is training for the Amsterdam "
            "marathon.",
        ),
    ],
    "Olivia Brennan": [
        (
            330,
            "08:00",
            "them",
            "Hi Maya, our COO gave me your name. I'm rebuilding the team "
            "leader structure in customer operations (four new leads) and need help making it "
            "stick.",
        ),
        (
            330,
            "13:30",
            "me",
            "Hi Olivia, thank you for getting in touch. I'd love to hear more. "
            "Would Wednesday at 11:00 work for a video call?",
        ),
        (329, "07:40", "them", "Wednesday at 11 works."),
        (
            327,
            "09:00",
            "video:explore",
            "Olivia: four new team leads, 60 agents, high attrition. Wants a cohort programme.",
        ),
        (
            326,
            "09:10",
            "me",
            "Thank you, Olivia. Here's the cohort outline we discussed: four "
            "sessions, one peer practice circle, and a check-in at three months.",
        ),
        (325, "08:00", "them", "Approved! Let's start next month."),
        (
            240,
            "12:00",
            "video:check_in",
            "Three-month check-in with Olivia: attrition down, two leads "
            "thriving, one struggling with the friend-to-manager shift.",
        ),
        (
            239,
            "08:30",
            "me",
            "Thank you for the check-in. For the lead who is struggling: the "
            '"name the change out loud" conversation, and a peer buddy from another site.',
        ),
        (238, "16:00", "them", "Will do. Thank you Maya!"),
        (
            121,
            "12:00",
            "call:check_in",
            "Six-month call with Olivia: the cohort is stable, she is "
            "moving to the Dublin office in January.",
        ),
        (
            120,
            "09:00",
            "me",
            "Lovely to talk yesterday, and good luck with the move to Dublin! "
            "Let's talk again in the spring.",
        ),
        (
            119,
            "07:30",
            "them",
            "the move to Dublin is booked for January, and the four leads "
            "now run their own practice circle without me. Thank you for all of it!",
        ),
    ],
    "Beatriz Santos": [
        (
            62,
            "08:20",
            "them",
            "Hola Maya, I lead L&D at Atlas Retail Group. We promote around "
            "40 store managers a year and our onboarding for them is a PDF. Could we talk?",
        ),
        (
            62,
            "12:00",
            "me",
            "Hola Beatriz! A PDF is a brave start 🙂 I'd be glad to talk. Monday at 10:00 CET?",
        ),
        (61, "07:30", "them", "Monday works, talk then."),
        (
            57,
            "08:00",
            "video:explore",
            "Beatriz: 40 new store managers a year across Spain and "
            "Portugal; onboarding is a PDF. Interested in a peer-cohort pilot with 20 managers.",
        ),
        (
            57,
            "13:00",
            "me",
            "Thank you, Beatriz. Two possibilities from today: a cohort pilot "
            "for 20 new store managers, or a train-the-trainer for your regional leads. Would a "
            "brainstorm with your regional directors help choose?",
        ),
        (55, "09:00", "them", "Yes. Let me find a date with them."),
        (
            30,
            "08:40",
            "them",
            "Found a date! Could you do the 22nd at 10:00 with three regional directors?",
        ),
        (
            30,
            "10:10",
            "me",
            "The 22nd at 10:00 works. I'll bring a few examples from other retailers.",
        ),
        (
            9,
            "08:00",
            "video:brainstorm",
            "Brainstorm with Beatriz and three regional directors: "
            "twelve ideas, two favourites (cohort pilot in Madrid and Lisbon; manager buddy "
            "system). Converge session booked.",
        ),
        (
            8,
            "09:30",
            "me",
            "Thank you all for yesterday. Summary: twelve ideas, two favourites "
            "(the Madrid and Lisbon cohort pilot, and the manager buddy system). For the converge "
            "session I'll bring a one-page plan for each.",
        ),
    ],
}
PLANNED = [  # (name, days after the last day, "HH:MM", channel:purpose, note)
    (
        "Beatriz Santos",
        4,
        "08:00",
        "video:converge",
        "Converge on one pilot with Beatriz and the regional directors.",
    ),
    # After the last day, so `kith today --as-of` a few days later shows the rest of
    # the journey (docs/engine.md lists the dates).
    (
        "Kenji Watanabe",
        8,
        "09:00",
        "video:explore",
        "Explore a joint programme for first-time managers in Sakura's client firms.",
    ),
    (
        "Camille Durand",
        9,
        "14:00",
        "video:converge",
        "Converge on the co-coaching offer we brainstormed in the circle.",
    ),
]
# Held conversations logged by hand before the last day (days before it).
EXTRA_LOGS = [
    (
        "Leila Haddad",
        25,
        "15:00",
        "call:brainstorm",
        "Brainstorm with Leila: career-transition workshops for new managers, eight ideas.",
    ),
]

GROUP_TITLE = "Coaching Peers Circle"
GROUP = ["Ruth Abebe", "Camille Durand", "Jonas Berg", "Leila Haddad"]
GROUP_SCRIPT: list[tuple[float, str, str, str]] = [
    (
        250,
        "09:00",
        "Ruth Abebe",
        "Welcome to the circle, everyone! Monthly peer supervision, "
        "first Tuesday of the month. Bring one client situation (anonymised) each time.",
    ),
    (250, "10:30", "Maya Lindqvist", "Thank you Ruth, I'm in. Looking forward to it."),
    (249, "08:10", "Jonas Berg", "Same here. Thanks for setting this up."),
    (
        180,
        "16:00",
        "Leila Haddad",
        "Sharing the contracting checklist I mentioned today. Use freely!",
    ),
    (
        120,
        "09:20",
        "Camille Durand",
        "Does anyone have a good exercise for a team whose "
        "manager just left? Asking for a client in Lyon.",
    ),
    (
        120,
        "11:00",
        "Maya Lindqvist",
        'I like the "start, stop, keep" letter to the next '
        "manager. It gives the team a voice and the new manager a head start.",
    ),
    (
        60,
        "08:45",
        "Ruth Abebe",
        "Reminder: next session moved to Wednesday because of the holiday.",
    ),
    (
        3,
        "12:15",
        "Maya Lindqvist",
        "Thanks for last night, everyone. Jonas, your point about "
        "contracting for the end of a coaching relationship is still with me.",
    ),
    (2, "07:45", "Ruth Abebe", "Agreed, great session. I'll host in May."),
    (
        1,
        "06:20",
        "Camille Durand",
        "Has anyone used the Immunity to Change map with "
        "first-time managers? I have a group of new leads next week and I'd love to hear what "
        "worked for you.",
    ),
]

BULK = [
    (
        "",
        "Tara @ LinkedIn Learning",
        3,
        "10:00",
        "Hi Maya, your weekly learning picks are here: "
        '"Coaching Skills for Leaders", "Leading with Emotional Intelligence" and "Managing '
        'Your First Team". Start watching today and keep your streak going!',
    ),
    (
        "Sponsored Conversation",
        "LinkedIn Member",
        5,
        "13:00",
        "<p>Hi %FIRSTNAME%,</p><p>As a "
        "%JOBTITLE% you know how much time goes into scheduling.\tOur calendar assistant saves "
        "teams like %COMPANYNAME% six hours a week.</p><p>Book a demo this month and get the "
        "first quarter free.</p>",
    ),
]

# Background conversations: (offset days from start, who, text). Templates end with a
# message at most 25 days after their start; the demo places them so that they end at
# least 47 days before the last day (settled history, nothing owed).
T = tuple[float, str, str]
TEMPLATES: list[list[T]] = [
    [
        (
            0,
            "them",
            "Hi Maya, your post on 1:1s sparked a long discussion in our leadership "
            "team at {company}. Would you be open to a short call about how you work with new "
            "managers?",
        ),
        (
            0.3,
            "me",
            "Hi {first}, thank you, I love hearing that a post started a real "
            "discussion. Happy to talk. Would Tuesday at 10:00 or Thursday at 15:00 CET work?",
        ),
        (1, "them", "Thursday at 15:00 is perfect."),
        (
            3,
            "video:explore",
            "Talked about the new team leads at {company}; {first} wants to "
            "start with peer-learning circles, maybe coaching later.",
        ),
        (
            3.3,
            "me",
            "Thank you for the conversation today, {first}. As promised, here's the "
            "peer-circle format I mentioned, plus the question list for the first session.",
        ),
        (5, "them", "Thanks Maya, this is great. We'll run the first circle in two weeks."),
        (
            20,
            "them",
            "Quick update: first circle done, eight people came, and two of them "
            "asked when the next one is. Thank you for pointing us in the right direction!",
        ),
        (
            20.3,
            "me",
            "That's a brilliant start, and eight is a great group size. Enjoy the "
            "momentum, and write anytime.",
        ),
    ],
    [
        (
            0,
            "them",
            "Hi Maya, I host a small podcast on leadership at {company}. Would you come "
            "on as a guest to talk about conversations versus content?",
        ),
        (0.4, "me", "I'd be delighted, {first}! When are you recording?"),
        (1, "them", "How about the 14th at 16:00 CET?"),
        (1.2, "me", "Perfect, see you then."),
        (
            8,
            "video:social",
            "Recorded the podcast episode with {first}: content starts "
            "relationships, conversations build them.",
        ),
        (
            8.3,
            "me",
            "Thank you for having me, that was great fun. Send me the link when it's "
            "out and I'll share it.",
        ),
        (
            21,
            "them",
            "It's live! Thank you again, the first listeners loved the part about follow-up.",
        ),
        (21.3, "me", "Shared it this morning. The comments are already lovely."),
    ],
    [
        (
            0,
            "them",
            "Hi Maya, your post on saying no as a new manager is now printed on my "
            "desk. Thank you.",
        ),
        (0.2, "me", "That made my day, {first}! What's the first thing you said no to?"),
        (1, "them", "A third weekly status meeting. Nobody missed it."),
        (1.1, "me", "Ha! That's the best kind of no."),
    ],
    [
        (
            0,
            "them",
            "Hi Maya, we're organising a breakfast for new managers at {company} and "
            "wondered if you'd give a 20-minute talk.",
        ),
        (0.4, "me", "Thank you for thinking of me! Which date do you have in mind?"),
        (2, "them", "The 12th, 8:30 at our office."),
        (2.1, "me", "That works. What would make it a success for you?"),
        (3, "them", "If each of them leaves with one conversation they'll have that week."),
        (
            14,
            "meeting:explore",
            "Breakfast talk at {company} for 25 new managers; {first} is "
            "thinking about a follow-on programme after budget season.",
        ),
        (
            14.4,
            "me",
            "Thank you for having me this morning! Here are the slides and the "
            "one-page conversation guide for everyone who was there.",
        ),
        (
            15,
            "them",
            "Thank you Maya, the feedback has been great. I'll come back to you about "
            "a follow-on after budget season.",
        ),
    ],
    [
        (
            0,
            "them",
            "Hi Maya, I'm moving from engineering management into coaching and your "
            "path looks a lot like the one I'm considering. Would you have 20 minutes sometime?",
        ),
        (1, "me", "Hi {first}, happy to. Friday at 9:00?"),
        (1.2, "them", "Friday at 9 is great, thank you!"),
        (
            4,
            "call:social",
            "Career chat with {first}: leaving engineering management to coach. "
            "Suggested three pro-bono clients and the ICF ACC path.",
        ),
        (
            4.2,
            "me",
            "Great talking today. The three things I mentioned: start with three "
            "pro-bono clients, find a supervisor early, and write about what you learn. Good "
            "luck!",
        ),
        (5, "them", "Thank you, super helpful. I'll let you know how the first clients go."),
    ],
    [
        (
            0,
            "them",
            "Hi Maya, I recruit for {company}. One of our clients is looking for a "
            "leadership coach for a group of new managers. Would you be interested?",
        ),
        (
            1,
            "me",
            "Thank you {first}! I'm fully booked until the autumn, but happy to suggest "
            "two excellent colleagues.",
        ),
        (1.5, "them", "That would be great, thank you!"),
        (
            2,
            "me",
            "Ruth Abebe and Jonas Berg are both wonderful with new managers. Feel free to "
            "mention my name.",
        ),
        (2.3, "them", "Thank you, I'll reach out to both."),
    ],
    [
        (
            0,
            "me",
            "Hi {first}, it's been six months since your programme ended. How are the "
            "team leads doing?",
        ),
        (1, "them", "Hi Maya! Mostly well, one of them was just promoted again. Call sometime?"),
        (1.2, "me", "Yes! Would Monday at 16:00 work?"),
        (2, "them", "Monday works."),
        (
            5,
            "call:check_in",
            "Six-month check-in with {first}: the leads are stable, one "
            "promotion; the new challenge at {company} is cross-team conflict.",
        ),
        (
            5.3,
            "me",
            "Lovely to catch up, {first}. Here's the piece on cross-team conflict I "
            "mentioned. Let's talk again in the spring.",
        ),
        (6, "them", "Thanks Maya, I'll read it this weekend."),
    ],
    [
        (
            0,
            "me",
            "Hi {first}, thank you for your comment on my post about feedback. I'd love "
            "to hear more about how you run feedback at {company}.",
        ),
        (
            0.5,
            "them",
            'Hi Maya! Happy to share. We do a monthly "one thing" round: everyone '
            "asks one colleague for one piece of feedback.",
        ),
        (1, "me", "I love that. Would you mind if I wrote about it (anonymised)?"),
        (1.3, "them", "Not at all, go ahead!"),
        (9, "me", "Here it is, thank you for the inspiration! It's in today's post."),
        (9.5, "them", "Just saw it, and the comments are great. Thanks for the credit!"),
    ],
]

INVITATION_NOTES = [
    "Hi Maya, I enjoyed your talk at the People & Culture meetup. Would love to connect.",
    "Hello Maya, we met briefly at the Nordic Leadership Summit. Keen to stay in touch!",
    "Hi, I've been following your posts on first-time managers. Would be great to connect.",
]


def _pool(joined: str) -> list[str]:
    return joined.split("|")


FIRST_NAMES = _pool(
    "Anders|Astrid|Björn|Linnea|Oskar|Freja|Mikkel|Sanna|Henrik|Emil|Nora|Johan|Tuuli|Aleksi|"
    "Siobhan|Niamh|Ciarán|Fiona|James|Emma|Oliver|Charlotte|Harriet|Rhys|Isabel|Alejandro|"
    "Lucía|Mateo|Carmen|Giulia|Marco|Francesca|Luca|Chiara|Pierre|Amélie|Julien|Margaux|Lena|"
    "Felix|Katharina|Jan|Greta|Maximilian|Anouk|Daan|Femke|Pieter|Zofia|Piotr|Agnieszka|Kasia|"
    "Ana|João|Inês|Rafael|Arjun|Priyanka|Rohan|Meera|Vikram|Ananya|Wei|Mei|Jun|Yuki|Haruto|"
    "Sakura|Min-jun|Ji-woo|Chloe|Ethan|Noah|Grace|Samuel|Zainab|Chinedu|Adaeze|Kwame|Ama|"
    "Tendai|Omar|Yasmin|Karim|Layla|Tariq|Fatima|Mehmet|Elif|Burak|Andrea|Camila|Diego|"
    "Valentina|Sebastián|Rachel|David|Leah|Aaron|Hiroshi|Tanvi|Kofi|Ingeborg|Sven|Mirela"
)
LAST_NAMES = _pool(
    "Andersson|Johansson|Nyström|Ek|Holm|Dahl|Lund|Virtanen|Korhonen|Nielsen|Jensen|Hansen|"
    "Murphy|O'Connor|Byrne|Walsh|Thompson|Clarke|Hughes|Evans|Patel|Shah|Iyer|Reddy|Nair|"
    "Kapoor|Chen|Wang|Li|Tanaka|Suzuki|Sato|Kim|Park|Lee|García|Martínez|Fernández|López|"
    "Rossi|Bianchi|Romano|Ricci|Martin|Bernard|Lefèvre|Girard|Müller|Schmidt|Fischer|Becker|"
    "Hoffmann|de Vries|Jansen|van Dijk|Bakker|Kowalski|Wiśniewska|Zieliński|Silva|Costa|"
    "Ferreira|Oliveira|Adeyemi|Okafor|Mensah|Boateng|Moyo|Hassan|Khalil|Nasser|Aziz|Yılmaz|"
    "Demir|Kaya|Rodríguez|Gómez|Torres|Cohen|Levi|Friedman|Novak|Horvat|Popescu|Ionescu|"
    "Papadopoulos|Brown|Wilson|Taylor"
)
COMPANIES = _pool(
    "Northvolt Systems|Klarna Labs|Spotlight Media|Vinterhamn AB|Fjällbacka Foods|"
    "Oresund Bank|Helix Biotech|Mosaic Health|Brightpath Learning|Cobalt Robotics|"
    "Lighthouse Energy|Riverstone Capital|Greenleaf Retail|Polaris Software|Atlas Maritime|"
    "Quanta Analytics|Meridian Consulting|Nordlys Design|Copperfield Insurance|"
    "Tallinn Tech Hub|Baltic Freight|Solstice Pharma|Kestrel Security|Harvest & Co.|"
    "Urban Loop Mobility|Bluewater Hotels|Pinecrest Partners|Evergreen HR|Silverline Telecom|"
    "Juniper Payments|Kindred Care|Skyward Aviation|Foxglove Studio|Tessellate|Wayfinder Maps|"
    "Bramble Education|Nimbus Cloud|Orbit Logistics|Saffron Hospitality|Larkspur Ventures|"
    "Municipality of Uppsala|University of Gothenburg|Red Cross Sweden|Self-employed|"
    "Freelance"
)
POSITIONS = _pool(
    "Engineering Manager|Head of People|HR Business Partner|Team Lead|Product Manager|"
    "Senior Product Manager|CTO|COO|Founder|Co-founder & CEO|Learning & Development Manager|"
    "Talent Acquisition Lead|Operations Manager|Customer Success Manager|"
    "Director of Engineering|People & Culture Lead|Leadership Development Consultant|"
    "Organisational Psychologist|Executive Coach|Agile Coach|Scrum Master|Head of Design|"
    "Data Science Manager|Sales Director|Marketing Manager|Chief People Officer|"
    "Programme Manager|Recruiter|Head of Customer Support|Site Manager|Store Manager|"
    "Consultant|Senior Consultant|Partner|Managing Director|VP Engineering|Principal Engineer|"
    "Community Manager|Podcast Host|Author & Speaker|Facilitator|Employee Experience Lead|"
    "Head of Talent|Operations Director|Nurse Manager"
)

# Comments from people who later wrote to Maya (content starts it: comments, then DMs).
EARLY_COMMENTS = {
    "Hannah Weber": {
        9: "Saying no as a new manager is hardest when you were the go-to person a month ago. "
        "Thank you for naming it.",
        4: "We're promoting eight new team leads this spring and this week-one list is exactly "
        "what was missing from our plan.",
    },
    "Daniel Okonkwo": {
        3: "Conversations got me clients too, but only once I stopped treating DMs as a pitch "
        "channel.",
    },
    "Ingrid Solberg": {
        17: "Naming the change out loud: we skipped this with our last promotions and paid for "
        "it. Sharing with our engineering directors.",
    },
}

GOALS = {
    "Hannah Weber": "collaborate",
    "Ingrid Solberg": "collaborate",
    "Beatriz Santos": "collaborate",
    "Lucas Moreau": "collaborate",
    "Olivia Brennan": "collaborate",
    "Kenji Watanabe": "collaborate",
    "Elena Petrova": "collaborate",
}
CADENCES = {
    "Olivia Brennan": "quarterly",
    "Ruth Abebe": "weekly",
    "Lucas Moreau": "quarterly",
    "Ingrid Solberg": "monthly",
    "Kenji Watanabe": "quarterly",
    "Beatriz Santos": "monthly",
    "Elena Petrova": "half-yearly",
}
TAGS = [
    ("Olivia Brennan", "client"),
    ("Lucas Moreau", "client"),
    ("Lucas Moreau", "referrer"),
    ("Beatriz Santos", "prospect"),
    ("Ingrid Solberg", "prospect"),
    ("Hannah Weber", "prospect"),
    ("Marcus Bell", "prospect"),
    ("Kenji Watanabe", "partner"),
    ("Elena Petrova", "speaking"),
    ("Ruth Abebe", "peer-coach"),
    ("Camille Durand", "peer-coach"),
    ("Jonas Berg", "peer-coach"),
    ("Leila Haddad", "peer-coach"),
]
DETAILS = [
    (
        "Hannah Weber",
        "Promoting eight new team leads across the Hamburg and Rotterdam hubs this "
        "spring; six of them now manage former peers. Decides on the format by the end of May.",
    ),
    (
        "Ingrid Solberg",
        "Two engineers quit last year within six months of becoming managers; "
        "wants the CTO in the next conversation.",
    ),
    ("Kenji Watanabe", "Training for the Amsterdam marathon in October."),
    ("Olivia Brennan", "Moved to the Dublin office in January."),
    (
        "Lucas Moreau",
        "His new VP of Operations starts in June and builds a team of five leads in Lyon.",
    ),
    ("Beatriz Santos", "Atlas promotes about 40 store managers a year; onboarding is a PDF."),
    ("Elena Petrova", "Runs Founders Week in September (about 30 founders per workshop)."),
    ("Ruth Abebe", "Hosts the Coaching Peers Circle in May."),
]
ACTIONS = [  # (name, text, owner, days after the last day)
    ("Beatriz Santos", "Bring a one-page plan for each of the two favourite pilots", "me", 3),
    ("Beatriz Santos", "Share last year's store-manager engagement survey", "them", 3),
    ("Ingrid Solberg", "Send the pilot proposal and two references", "me", 7),
    ("Kenji Watanabe", "Send the list of partner firms to invite", "them", 9),
    ("Lucas Moreau", "Introduce Maya to the Lyon operations team", "them", 60),
]
TOPICS = [  # (name, topic): what is top of mind for them
    ("Jonas Berg", "remote team rituals"),
    ("Daniel Okonkwo", "looking for a workshop facilitator"),
    ("Jonas Berg", "workshop facilitation"),
]
NEWS = [  # (days after the last day, url, title, summary)
    (
        9,
        "https://news.example.com/remote-team-rituals",
        "Remote team rituals that actually work",
        "Five rituals distributed teams keep after the novelty wears off.",
    ),
]
DATES = [("Aisha Rahman", "birthday", 10)]  # (name, kind, days after the last day)
