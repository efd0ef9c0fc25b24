"""The training benchmarks of ``manage.py bench`` (``lms.bench.training``).

Kept free of imports: ``lms.bench.burst`` runs as its own process (``python -m``) and must
point Django at its throwaway database before anything loads the apps.
"""
