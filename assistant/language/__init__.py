"""Reading articles and questions, in English and Russian: loading and cleaning article files
(`loaders`, `articles`), splitting them into passages and sentences (`chunking`, `sentences`),
agency furniture (`furniture`), countries and their names in both scripts (`countries`, `geo`),
what a question asks (`question`, `direct`), the anchors a claim must share with its source
(`anchors`) and the figures, dates and money it reads them with (`numbers`), and the term
statistics for lexical and cross-script matching (`lexical`, `crosslingual`, built from the
passages' counted tokens in `token_counts`), the English-Russian stem lexicon that lets an
ordinary word match its translation (`lexicon`, shipped data), and whether a word
in one script spells a name written in the other (`transliteration`). No model and no
index here: text in, facts about it out."""
