def test_me_on_cooperative_host(graphql_client, make_user, coop_a):
    # given
    user = make_user(roles={coop_a: "bendahara"})
    # when
    data = graphql_client(user, coop_a).execute(
        "{ me { email cooperativeRoles { role cooperativeSlug } } cooperative { slug name } }"
    )
    # then
    assert data["me"]["email"] == user.email
    assert data["me"]["cooperativeRoles"] == [{"role": "bendahara", "cooperativeSlug": "coop-a"}]
    assert data["cooperative"] == {"slug": "coop-a", "name": "Koperasi RW 01 Uji"}
