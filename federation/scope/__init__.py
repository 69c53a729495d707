"""Who sees which cooperatives: an oversight body sees every cooperative domiciled in its region
(region code prefix); a secondary cooperative's officers see its active member cooperatives."""
