"""The Streamlit side, without Streamlit where it can be: safe Markdown and HTML for untrusted
text (`ui`, `html_parts`, `answer_html`), the chat page (`chat`), source chips and the reader
(`sources`), the first screen's scope and examples (`scope`), charts and the benchmark view
(`charts`, `bench_view`), the Evaluation page's wording (`evaluation`), saved chats and feedback
(`chats`, `feedback`), and the country summary's renderers and exports (`summary_render`,
`export`). `streamlit_app.py` at the project root is the thin page script over these."""
