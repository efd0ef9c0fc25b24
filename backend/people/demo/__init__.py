"""The demo regency (Kabupaten Bungo): organisation, positions, employees, logins.

``seed_regency`` writes it, ``demo_reset`` wipes people data again (throwaway
databases only), ``plan_staff`` computes the employees without the database.
"""
