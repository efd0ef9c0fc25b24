"""The demo appraisal of Kabupaten Bungo: indicator library, three years of scores, evaluations, IKM.

``seed_appraisal`` writes it for the employees the people demo created, ``demo_reset``
wipes it again (throwaway databases only; the people demo's reset calls it first).
"""

from backend.appraisal.demo.seed import AppraisalSeedResult, appraisal_data_exists, demo_reset, seed_appraisal

__all__ = ["AppraisalSeedResult", "appraisal_data_exists", "demo_reset", "seed_appraisal"]
