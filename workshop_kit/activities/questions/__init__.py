"""Question sets: questions in a file, no Python (``docs/trainers.md``, "Write a question set").

One folder serves every question set file: :mod:`.sets` reads the files and declares one
activity ``q-<id>`` per file; the builders here (:mod:`.form`, :mod:`.live`, :mod:`.shown`,
:mod:`.report`, :mod:`.rehearsal`) take the set's id first, then what any activity's
builders take.
"""


def ACTIVITIES():  # the discovery convention's name, like ACTIVITY
    """Every question set's activity (see :func:`workshop_kit.core.activity.discover`)."""
    from workshop_kit.activities.questions.sets import question_set_activities

    return question_set_activities()
