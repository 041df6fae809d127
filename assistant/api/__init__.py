"""`assistant serve`: the HTTP API (`server`, FastAPI on uvicorn workers), its OpenAI-compatible
chat completions (`chat`), request guards (`guard`: auth, size and rate limits), the JSON objects
it shares with the CLI's `--json` output (`contracts`), and the client the Streamlit app uses
to talk to a running server instead of loading the index itself (`client`)."""
