"""Turning retrieved passages into an answer: the answer record and its frames (`answers`), the
answerer interface (`answerer`), the offline extractive answerer and its fitted scorer
(`extractive`, `scorer`, `scorer.json`), the model answerer and the claim check on its output
(`llm`, `citations`, `verdict`), the local llama.cpp server for LLM mode (`local_llm`), country
summaries (`summary`, `summary_model`), and the LangChain runnable that joins retriever and
answerer (`chain`), which every front end runs."""
