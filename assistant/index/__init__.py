"""The index: the bundled e5 embedder (`embeddings`) and its Chroma registration
(`chroma_function`), the generations on disk with their manifest and record tables (`store`,
`record_tables`), and the ingest that writes a new generation and switches to it (`ingest`)."""
