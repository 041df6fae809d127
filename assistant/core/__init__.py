"""The base every other part stands on: the records passed between layers (`records`), the
named errors (`errors`), the one settings object read from the environment (`settings`), text
and terminal hygiene for untrusted strings (`text`, `sanitize`, `terminal`), the prompt files
(`prompts`) and the packaged word lists (`wordlists`). Nothing here imports from another
subpackage."""
