"""Evaluation suite: reference Q&A over the bundled articles and the XQuAD retrieval benchmark.

Entry point: `python -m evals run|xquad` (see README). Reports go to `evals/reports/` (git-ignored).
"""
