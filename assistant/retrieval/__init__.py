"""Finding the passages for a question: the hybrid search (dense e5 over Chroma or the
generation's own vectors, BM25, the cross-script bridge, fused) in `search`, and the LangChain
`BaseRetriever` over it in `retriever`."""
