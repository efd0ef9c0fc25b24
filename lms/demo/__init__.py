"""The demo training data of Kabupaten Bungo: catalog, three years of offerings, enrollments, JP.

``seed_lms`` writes it for the employees and appraisal the people and appraisal demos created;
``demo_reset`` wipes it again (throwaway databases only; the people demo's reset calls it first).
"""

from lms.demo.seed import LmsSeedResult, demo_reset, lms_data_exists, seed_lms

__all__ = ["LmsSeedResult", "demo_reset", "lms_data_exists", "seed_lms"]
