"""Who may do what in the members and savings API: the kasir posts money, the bendahara also
approves exits, the pengawas reads."""

READ_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "pengawas", "kasir"})
REGISTER_ROLES = frozenset({"ketua", "sekretaris", "bendahara", "kasir"})
POST_ROLES = frozenset({"bendahara", "kasir"})
EXIT_ROLES = frozenset({"ketua", "bendahara"})
OFFICER_ROLES = frozenset({"ketua", "sekretaris"})
