//! The service's endpoints, as the tests call them.

use reqwest::StatusCode;
use serde_json::{Value, json};

/// The access and refresh tokens of a login.
#[derive(Debug, Clone)]
pub struct Pair {
    pub access: String,
    pub refresh: String,
}

/// A client of one service.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.to_owned(),
        }
    }

    async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Logs a demo user in (`alice` or `bob`): the status, and the pair on
    /// a 200.
    pub async fn try_login(&self, user: &str) -> (StatusCode, Option<Pair>) {
        let body = json!({ "user": user, "password": format!("{user}-demo-password") });
        let (status, pair) = self.post("/login", &body).await;
        let pair = (status == StatusCode::OK).then(|| Pair {
            access: pair["access_token"].as_str().unwrap().to_owned(),
            refresh: pair["refresh_token"].as_str().unwrap().to_owned(),
        });
        (status, pair)
    }

    /// Logs a demo user in, which must succeed.
    pub async fn login(&self, user: &str) -> Pair {
        let (status, pair) = self.try_login(user).await;
        pair.unwrap_or_else(|| panic!("login {user}: {status}"))
    }

    /// Logs the session out: its access token is revoked.
    pub async fn logout(&self, pair: &Pair) {
        let body = json!({ "refresh_token": pair.refresh });
        let (status, _) = self.post("/logout", &body).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
    }

    /// `GET /me` with `token`: the status.
    pub async fn me(&self, token: &str) -> StatusCode {
        self.http
            .get(format!("{}/me", self.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
    }
}
