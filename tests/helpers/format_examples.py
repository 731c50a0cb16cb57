"""The examples of docs/FORMAT.md, verbatim: a pack, an exercise and a breathing exercise."""

FORMAT_PACK = """\
format: 1                       # optional
name: Week 3 - settling practice   # required, 1-80 characters
id: week3-settling              # optional
author: Dr. Rivera              # optional, who wrote or assigned it
message: |                      # optional, a note shown at the top of the pack
  Try one of these each day, whichever feels right. Stopping early is always okay.
exercises:                      # optional; the order shown
  - orienting.yaml
  - breathing-4-6.yaml
homework:                       # optional: what the therapist asked for
  times: 1                      # required within homework: 1-20
  per: day                      # required within homework: day | week
  from: 2026-11-20              # optional ISO dates
  until: 2026-12-04
rating:                         # optional: overrides the default calm question
  question: How calm do you feel right now?
  low: Not calm at all          # label at 0
  mid: Partly calm              # label at 5 (optional)
  high: Completely calm         # label at 10
  threshold: 2                  # optional, 0-9, default 2
support:                        # optional, but `regulate check` warns when a pack has none
  text: |                       # required within support
    Put your feet on the floor and look around the room.
    If you need help before our next session, use the plan we made together.
  before: It is okay to start from where you are today.    # optional
  after: It is okay that this felt harder today.          # optional
  contact: Dr. Rivera, 555-0100, weekdays 9-17    # optional
  emergency: Call your local emergency number      # optional
  reviewed: 2026-11-20          # optional ISO date
settle: orienting.yaml          # optional: the short exercise offered beside the support text
"""

FORMAT_EXERCISE = """\
format: 1                        # optional, as above
title: Noticing safety in the room   # required, 1-80 characters
kind: grounding                  # required: grounding | breathing | body_scan | mixed
about: |                         # optional: shown before starting
  A gentle way to let your eyes tell your body where you are.
tags: [eyes-open, short]         # optional list of short words
rating: true                     # optional, default true
cues:                            # optional: which sounds mark what
  start: bell                    #   a .wav path relative to the pack folder, or none
  step: chime                    # at each new step
  breath: none                   # at each inhale/exhale turn (default none)
  end: bell
steps:                           # required: 1-500 steps
  - prompt: Let your eyes move slowly around the room, as if you were seeing it for the first time.
    for: 30s
  - prompt: Let them rest on something pleasant, or simply neutral, to look at.
    for: 20s
    audio: voice/intro.wav       # optional: a recording played when the step starts
  - breathe:
      inhale: 4                  # seconds, 1-15
      hold: 0                    # optional, seconds after inhaling, 0-15
      exhale: 6                  # seconds, 1-20
      pause: 0                   # optional, seconds after exhaling, 0-15
      cycles: 6                  # exactly one of cycles (1-200) or for
      text: Breathe through your nose if that is comfortable.   # optional, shown above the guide
  - check_in: Would you like to keep going?
  - scan:
      regions: [feet, lower legs, knees, thighs, hips, belly, hands, shoulders, face]   # 1-40 names
      each: 15s                  # time per region
      text: Notice your {region}. If this area doesn't feel okay, move on or open your eyes.
"""

FORMAT_BREATHING = """\
title: Breathing 4-6
kind: breathing
steps:
  - prompt: Let your breath be gentle, not deep.
    for: 10s
  - breathe: {inhale: 4, exhale: 6, for: 2m}
  - prompt: Look slowly around the room.
    for: 15s
"""
