"""The quiz editor (blueprint ``quiz_authoring``): settings, questions, try-outs."""
