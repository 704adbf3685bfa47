//! End to end: the orders-api service in-process on 127.0.0.1:0 against a
//! real redis-server, driven over HTTP: login, use, refresh, reuse
//! detection, logout, a restart (a new instance on the same Redis) with
//! nothing lost, and the kill switch.
//!
//! Without redis-server this test fails under CI and skips otherwise,
//! saying so on the terminal (`.ci/run` installs it).

use std::time::Duration;

use claims_testkit::{RedisOptions, RedisServer};
use orders_api::{Config, app, state};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// One running instance of the service.
struct Service {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Service {
    async fn start(config: &Config) -> Self {
        let state = state(config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app(state))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Self {
            base,
            stop: Some(stop),
            task,
        }
    }

    async fn shutdown(mut self) {
        let _ = self.stop.take().unwrap().send(());
        (&mut self.task).await.unwrap();
    }
}

/// The `jti` of a token in a JSON string.
fn jti(token: &Value) -> String {
    use base64::Engine as _;
    let payload = token.as_str().unwrap().split('.').nth(1).unwrap();
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice::<Value>(&payload).unwrap()["jti"]
        .as_str()
        .unwrap()
        .to_owned()
}

struct Client {
    http: reqwest::Client,
}

/// The service's configuration on `redis`, with demo keys.
fn config(redis: &RedisServer) -> Config {
    Config {
        redis_url: Some(redis.url()),
        ..Config::new([3; 32], [4; 32])
    }
}

impl Client {
    fn new() -> Self {
        Self {
            http: reqwest::Client::new(),
        }
    }

    async fn post(&self, base: &str, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{base}{path}"))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn login(&self, base: &str, user: &str) -> Value {
        let (status, pair) = self
            .post(
                base,
                "/login",
                &json!({ "user": user, "password": format!("{user}-demo-password") }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{pair}");
        assert_eq!(pair["token_type"], "Bearer");
        pair
    }

    async fn refresh(&self, base: &str, pair: &Value) -> (StatusCode, Value) {
        self.post(
            base,
            "/refresh",
            &json!({ "refresh_token": pair["refresh_token"] }),
        )
        .await
    }

    /// GET /me with a bearer token: status, `WWW-Authenticate`, body.
    async fn me(&self, base: &str, token: &str) -> (StatusCode, Option<String>, String) {
        let response = self
            .http
            .get(format!("{base}/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let challenge = response
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, challenge, response.text().await.unwrap())
    }

    async fn me_ok(&self, base: &str, pair: &Value) -> Value {
        let (status, _, body) = self.me(base, pair["access_token"].as_str().unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    async fn me_refused(&self, base: &str, pair: &Value) {
        let token = pair["access_token"].as_str().unwrap();
        let (status, challenge, body) = self.me(base, token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            challenge.as_deref(),
            Some(r#"Bearer error="invalid_token""#)
        );
        assert!(body.is_empty(), "the rejection echoes nothing: {body}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[allow(clippy::too_many_lines)] // one story, told in order
async fn orders_api_end_to_end() {
    let Some(redis) = RedisServer::start_or_skip("e2e_orders_api", &RedisOptions::new()) else {
        return;
    };
    let config = config(&redis);
    let client = Client::new();
    let service = Service::start(&config).await;
    let base = service.base.clone();

    // JWKS: the public Ed25519 key.
    let jwks: Value = client
        .http
        .get(format!("{base}/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(jwks["keys"][0]["kty"], "OKP");
    assert!(jwks["keys"][0].get("d").is_none());

    // No token, a bad token, bad credentials.
    let response = client.http.get(format!("{base}/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let (status, challenge, body) = client.me(&base, "bad.token.here").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        challenge.as_deref(),
        Some(r#"Bearer error="invalid_token""#)
    );
    assert!(!body.contains("bad.token"));
    let (status, _) = client
        .post(
            &base,
            "/login",
            &json!({ "user": "alice", "password": "nope" }),
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Login and use.
    let first = client.login(&base, "alice").await;
    let me = client.me_ok(&base, &first).await;
    assert_eq!(me["role"], "admin");
    assert_eq!(me["email"], "alice@example.com");
    assert!(me["sub"].as_str().unwrap().starts_with("h1."));
    // A refresh token is not an access token.
    let (status, _, _) = client
        .me(&base, first["refresh_token"].as_str().unwrap())
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Refresh; a retry whose answer was lost gets the same new refresh
    // token; once that one is used, the spent one is reuse.
    let (status, second) = client.refresh(&base, &first).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(client.me_ok(&base, &second).await["role"], "admin");
    let (status, retried) = client.refresh(&base, &first).await;
    assert_eq!(status, StatusCode::OK, "a retry within the grace window");
    assert_eq!(
        jti(&retried["refresh_token"]),
        jti(&second["refresh_token"])
    );
    let (status, third) = client.refresh(&base, &second).await;
    assert_eq!(status, StatusCode::OK);
    let (status, error) = client.refresh(&base, &first).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"], "invalid_grant");
    let (status, _) = client.refresh(&base, &third).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the family is revoked");
    client.me_refused(&base, &third).await;
    client.me_refused(&base, &second).await;
    client.me_refused(&base, &first).await;

    // Logout.
    let bob = client.login(&base, "bob").await;
    client.me_ok(&base, &bob).await;
    let (status, _) = client
        .post(
            &base,
            "/logout",
            &json!({ "refresh_token": bob["refresh_token"] }),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    client.me_refused(&base, &bob).await;
    let (status, _) = client.refresh(&base, &bob).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Restart: a new instance on the same Redis loses nothing.
    let alice = client.login(&base, "alice").await;
    let bob = client.login(&base, "bob").await;
    let (status, alice_next) = client.refresh(&base, &alice).await;
    assert_eq!(status, StatusCode::OK);
    let (status, alice_next) = client.refresh(&base, &alice_next).await;
    assert_eq!(status, StatusCode::OK);
    service.shutdown().await;
    let service = Service::start(&config).await;
    let base = service.base.clone();
    client.me_ok(&base, &alice_next).await;
    client.me_ok(&base, &bob).await;
    client.me_refused(&base, &second).await;
    let (status, _) = client.refresh(&base, &alice).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "reuse is still detected");
    client.me_refused(&base, &alice_next).await;
    let (status, bob) = client.refresh(&base, &bob).await;
    assert_eq!(status, StatusCode::OK);

    // Kill switch: only for admins; every token issued until now dies.
    let status = client
        .http
        .post(format!("{base}/admin/kill-switch"))
        .bearer_auth(bob["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, StatusCode::FORBIDDEN);
    let admin = client.login(&base, "alice").await;
    let response = client
        .http
        .post(format!("{base}/admin/kill-switch"))
        .bearer_auth(admin["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    client.me_refused(&base, &admin).await;
    client.me_refused(&base, &bob).await;
    let (status, _) = client.refresh(&base, &bob).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Users log in again at once.
    let bob = client.login(&base, "bob").await;
    assert_eq!(client.me_ok(&base, &bob).await["role"], "customer");
    let (status, bob) = client.refresh(&base, &bob).await;
    assert_eq!(status, StatusCode::OK);
    client.me_ok(&base, &bob).await;
    service.shutdown().await;
}

/// Started while Redis is down, the service answers 503 (fast, once the
/// store's breaker is open) instead of crashing, and serves once Redis is
/// up; "remember me" off gives a 12-hour refresh token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starts_while_redis_is_down_and_serves_once_it_is_up() {
    let Some(mut redis) = RedisServer::start_or_skip("e2e_orders_api", &RedisOptions::new()) else {
        return;
    };
    redis.kill();
    let config = config(&redis);
    let client = Client::new();
    let service = Service::start(&config).await;
    let base = service.base.clone();
    let login = json!({ "user": "bob", "password": "bob-demo-password", "remember_me": false });
    for _ in 0..5 {
        let (status, _) = client.post(&base, "/login", &login).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    }
    let started = std::time::Instant::now();
    let (status, _) = client.post(&base, "/login", &login).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        started.elapsed() < Duration::from_millis(100),
        "refused at once"
    );

    redis.restart().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    let pair = loop {
        let (status, pair) = client.post(&base, "/login", &login).await;
        if status == StatusCode::OK {
            break pair;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(std::time::Instant::now() < deadline, "never recovered");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(pair["refresh_expires_in"], 12 * 3600);
    assert_eq!(pair["expires_in"], 300);
    client.me_ok(&base, &pair).await;
    service.shutdown().await;
}
