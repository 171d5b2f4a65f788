"""Stage 0, the text toolkit every stage shares: one amount pattern (:mod:`.amounts`), one name
normaliser and similarity (:mod:`.names`), the narrative's NLP pipeline (:mod:`.nlp`)."""
