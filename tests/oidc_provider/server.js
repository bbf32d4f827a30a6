// A real OpenID Connect provider (panva's oidc-provider) for tests/test_oidc.py.
//
// Settings from the environment:
//   PORT                       where to listen on 127.0.0.1 (the issuer is http://127.0.0.1:PORT)
//   CLIENT_ID, CLIENT_SECRET   the one client: Horizonte
//   REDIRECT_URIS              its callback URLs, comma-separated
//   POST_LOGOUT_REDIRECT_URIS  where RP-initiated logout may send the browser back to
//   ACCOUNTS                   JSON {"<sub>": {"email": ..., "email_verified": ..., "name": ...}}
//
// Sign-in uses the development interactions: a form at /interaction/<uid> whose `login` field is
// the account's sub (any password). Consent is granted without asking (a first-party client), so
// a test signs in with two plain HTTP requests after the redirects.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const list = (value) => (value || '').split(',').filter(Boolean);

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: list(process.env.REDIRECT_URIS),
    post_logout_redirect_uris: list(process.env.POST_LOGOUT_REDIRECT_URIS),
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
  },
  async findAccount(ctx, sub) {
    if (!Object.hasOwn(accounts, sub)) return undefined;
    return { accountId: sub, async claims() { return { sub, ...accounts[sub] }; } };
  },
  // First-party client: every scope it asks for is granted without a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['horizonte-test-provider-cookie-key'] },
});
// Quiet: its development warnings would fill the test's log.
provider.on('server_error', (ctx, error) => console.error('server_error', error));

provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
