"""Audio analysis: the only package that imports librosa (``features.py``, ``decode.py``).

``featureset`` and ``errors`` are plain Python, ``mood_model`` is NumPy only, ``cache`` is SQLite and
``batch`` runs the analysis in worker processes: librosa is imported in the workers, never by the
window (a native crash in numba, see ``features.py``, kills a worker, not the app).
"""
