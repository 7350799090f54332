// A real OpenID Connect provider for the single sign-on tests (never in production).
// node server.mjs PORT REDIRECT_URI CLIENT_SECRET ACCOUNTS_JSON
// ACCOUNTS_JSON maps an account id (what is typed in the provider's log-in form)
// to its claims, e.g. {"u1": {"preferred_username": "ohjaaja", "email": "o@x.fi"}}.
import Provider from 'oidc-provider';

const [port, redirectUri, clientSecret, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'tyonjako',
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: { openid: ['sub'], email: ['email'], profile: ['preferred_username'] },
  async findAccount(ctx, id) {
    if (!accounts[id]) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...accounts[id] }; } };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['tyonjako-test-only'] },
});
provider.listen(Number(port), '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
