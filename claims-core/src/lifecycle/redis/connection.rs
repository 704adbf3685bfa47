//! [`Conn`]: the one connection type the rest of `RedisStore` talks
//! through, whatever Redis runs as (one node, a Cluster, Sentinel), and the
//! pub/sub connection the near cache follows.
//!
//! - **One node**: redis-rs's `ConnectionManager`, which reconnects itself.
//! - **Cluster**: redis-rs's cluster client, which maps slots to nodes and
//!   follows `MOVED`, `ASK` and failovers itself (refreshing its slot map).
//!   The pub/sub connection goes to the seed nodes in turn: a classic
//!   `PUBLISH` reaches the subscribers of every node.
//! - **Sentinel**: a `ConnectionManager` to the master the sentinels name;
//!   on an I/O error or a `READONLY` reply (a master demoted) it is dropped,
//!   and the next request asks the sentinels again.
//!
//! The cluster and sentinel connections are opened on first use (as the
//! `ConnectionManager`, lazily), one task at a time, within the connect
//! timeout, so a store starts while Redis is down.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use futures_util::FutureExt as _;
use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig, PubSub};
use redis::cluster::ClusterClient;
use redis::cluster_async::ClusterConnection;
use redis::sentinel::{SentinelClient, SentinelNodeConnectionInfo, SentinelServerType};
use redis::{Cmd, ErrorKind, IntoConnectionInfo as _, Pipeline, RedisError, RedisFuture, Value};

use super::config::{RedisStoreBuilder, Target};
use crate::error::Error;

/// A connection to wherever the store's keys live; cheap to clone (shared).
#[derive(Clone)]
pub(super) enum Conn {
    Single {
        conn: ConnectionManager,
        /// For the pub/sub connections (shared: a client is large).
        client: Arc<redis::Client>,
    },
    Cluster(Arc<Opened<ClusterSource>>),
    Sentinel(Arc<Opened<SentinelSource>>),
}

/// A connection opened on first use, and what opens it.
pub(super) struct Opened<S: Source> {
    current: RwLock<Option<S::Conn>>,
    /// One task opens it at a time; the others wait and take its result.
    opening: tokio::sync::Mutex<()>,
    source: S,
    connect_timeout: Duration,
}

/// What opens the connections of a cluster or of a Sentinel-named master.
pub(super) trait Source {
    type Conn: Clone;
    /// A new connection for requests.
    async fn open(&self) -> Result<Self::Conn, RedisError>;
    /// A new pub/sub connection.
    async fn pubsub(&self) -> Result<PubSub, RedisError>;
}

pub(super) struct ClusterSource {
    client: ClusterClient,
    /// One client per seed node, for the pub/sub connection.
    seeds: Vec<redis::Client>,
    next_seed: AtomicUsize,
}

pub(super) struct SentinelSource {
    sentinels: tokio::sync::Mutex<SentinelClient>,
    manager: ConnectionManagerConfig,
}

impl Conn {
    /// The connection `config` describes, not connected yet.
    pub(super) fn new(config: &RedisStoreBuilder) -> Result<Self, Error> {
        let manager = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(config.connect_timeout))
            .set_response_timeout(Some(config.response_timeout))
            // The breaker's probes retry, not every request.
            .set_number_of_retries(0);
        let invalid = |_| Error::Config("invalid Redis URL");
        match &config.target {
            Target::Single(url) => {
                let client = open_client(config, url)?;
                let conn = ConnectionManager::new_lazy_with_config(client.clone(), manager)
                    .map_err(|_| Error::Config("invalid Redis connection settings"))?;
                Ok(Self::Single {
                    conn,
                    client: Arc::new(client),
                })
            }
            Target::Cluster(seeds) => {
                let first = seeds.first().ok_or(Error::Config(
                    "a Redis Cluster needs at least one seed node",
                ))?;
                let info = first.as_str().into_connection_info().map_err(invalid)?;
                let mut builder = ClusterClient::builder(seeds.iter().map(String::as_str))
                    .connection_timeout(config.connect_timeout)
                    .response_timeout(config.response_timeout)
                    // Enough to follow a MOVED or an ASK and to ride out a
                    // short TRYAGAIN (a slot moving), within the response
                    // timeout (the crate's default waits start at 1.28 s),
                    // not to wait out a failover: the breaker does that.
                    .retries(3)
                    .min_retry_wait(10)
                    .max_retry_wait(100)
                    .retry_wait_formula(10, 2);
                if let Some(user) = info.redis_settings().username() {
                    builder = builder.username(user);
                }
                if let Some(password) = info.redis_settings().password() {
                    builder = builder.password(password);
                }
                #[cfg(feature = "redis-tls")]
                if first.starts_with("rediss://") {
                    builder = builder.tls(redis::TlsMode::Secure);
                    if let Some(root) = &config.root_certificate {
                        builder = builder.certs(redis::TlsCertificates {
                            client_tls: None,
                            root_cert: Some(root.clone()),
                        });
                    }
                }
                let seeds = seeds
                    .iter()
                    .map(|url| open_client(config, url))
                    .collect::<Result<_, _>>()?;
                let source = ClusterSource {
                    client: builder.build().map_err(invalid)?,
                    seeds,
                    next_seed: AtomicUsize::new(0),
                };
                Ok(Self::Cluster(Opened::new(source, config)))
            }
            Target::Sentinel { sentinels, master } => {
                let first = sentinels
                    .first()
                    .ok_or(Error::Config("Sentinel needs at least one sentinel URL"))?;
                let info = first.as_str().into_connection_info().map_err(invalid)?;
                // The master takes the sentinels' credentials and database.
                let node = SentinelNodeConnectionInfo::default()
                    .set_redis_connection_info(info.redis_settings().clone());
                #[cfg(feature = "redis-tls")]
                let node = if first.starts_with("rediss://") {
                    node.set_tls_mode(redis::TlsMode::Secure)
                } else {
                    node
                };
                let client = SentinelClient::build(
                    sentinels.iter().map(String::as_str).collect(),
                    master.clone(),
                    Some(node),
                    SentinelServerType::Master,
                )
                .map_err(invalid)?;
                let source = SentinelSource {
                    sentinels: tokio::sync::Mutex::new(client),
                    manager,
                };
                Ok(Self::Sentinel(Opened::new(source, config)))
            }
        }
    }

    /// A new pub/sub connection: to the one node, to the next seed node of
    /// a cluster, or to the master the sentinels name now.
    pub(super) async fn pubsub(&self) -> Result<PubSub, RedisError> {
        match self {
            Self::Single { client, .. } => client.get_async_pubsub().await,
            Self::Cluster(opened) => opened.source.pubsub().await,
            Self::Sentinel(opened) => opened.source.pubsub().await,
        }
    }
}

impl Source for ClusterSource {
    type Conn = ClusterConnection;

    async fn open(&self) -> Result<ClusterConnection, RedisError> {
        self.client.get_async_connection().await
    }

    async fn pubsub(&self) -> Result<PubSub, RedisError> {
        let seed = self.next_seed.fetch_add(1, Ordering::Relaxed) % self.seeds.len();
        self.seeds[seed].get_async_pubsub().await
    }
}

impl Source for SentinelSource {
    type Conn = ConnectionManager;

    async fn open(&self) -> Result<ConnectionManager, RedisError> {
        let master = self.sentinels.lock().await.async_get_client().await?;
        ConnectionManager::new_with_config(master, self.manager.clone()).await
    }

    async fn pubsub(&self) -> Result<PubSub, RedisError> {
        let master = self.sentinels.lock().await.async_get_client().await?;
        master.get_async_pubsub().await
    }
}

impl<S: Source> Opened<S> {
    fn new(source: S, config: &RedisStoreBuilder) -> Arc<Self> {
        Arc::new(Self {
            current: RwLock::new(None),
            opening: tokio::sync::Mutex::new(()),
            source,
            connect_timeout: config.connect_timeout,
        })
    }

    fn current(&self) -> Option<S::Conn> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set(&self, conn: Option<S::Conn>) {
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = conn;
    }

    /// The open connection, or a new one.
    async fn get(&self) -> Result<S::Conn, RedisError> {
        if let Some(conn) = self.current() {
            return Ok(conn);
        }
        let _opening = self.opening.lock().await;
        if let Some(conn) = self.current() {
            return Ok(conn);
        }
        let conn = tokio::time::timeout(self.connect_timeout, self.source.open())
            .await
            .map_err(|_| RedisError::from(std::io::Error::from(std::io::ErrorKind::TimedOut)))??;
        self.set(Some(conn.clone()));
        Ok(conn)
    }
}

/// Whether a reply says the master the sentinels named is gone or demoted.
fn master_lost(error: &RedisError) -> bool {
    error.is_io_error()
        || error.is_connection_dropped()
        || error.kind() == ErrorKind::Server(redis::ServerErrorKind::ReadOnly)
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        async move {
            match self {
                Self::Single { conn, .. } => conn.req_packed_command(cmd).await,
                Self::Cluster(opened) => opened.get().await?.req_packed_command(cmd).await,
                Self::Sentinel(opened) => {
                    let reply = opened.get().await?.req_packed_command(cmd).await;
                    forget_lost_master(opened, reply)
                }
            }
        }
        .boxed()
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        async move {
            match self {
                Self::Single { conn, .. } => {
                    conn.req_packed_commands(pipeline, offset, count).await
                }
                Self::Cluster(opened) => {
                    let mut conn = opened.get().await?;
                    conn.req_packed_commands(pipeline, offset, count).await
                }
                Self::Sentinel(opened) => {
                    let mut conn = opened.get().await?;
                    let reply = conn.req_packed_commands(pipeline, offset, count).await;
                    forget_lost_master(opened, reply)
                }
            }
        }
        .boxed()
    }

    fn get_db(&self) -> i64 {
        match self {
            Self::Single { conn, .. } => conn.get_db(),
            Self::Cluster(_) | Self::Sentinel(_) => 0,
        }
    }
}

/// Passes `reply` on, first dropping the master connection if the reply
/// says the master is gone, so the next request asks the sentinels.
fn forget_lost_master<T>(
    opened: &Opened<SentinelSource>,
    reply: Result<T, RedisError>,
) -> Result<T, RedisError> {
    if let Err(error) = &reply
        && master_lost(error)
    {
        opened.set(None);
    }
    reply
}

/// The client for one node's URL (TLS with the configured root).
fn open_client(config: &RedisStoreBuilder, url: &str) -> Result<redis::Client, Error> {
    let invalid = |_| Error::Config("invalid Redis URL");
    #[cfg(feature = "redis-tls")]
    if let Some(root) = &config.root_certificate {
        let certificates = redis::TlsCertificates {
            client_tls: None,
            root_cert: Some(root.clone()),
        };
        return redis::Client::build_with_tls(url, certificates).map_err(invalid);
    }
    #[cfg(not(feature = "redis-tls"))]
    {
        let _ = config;
        if url.starts_with("rediss://") {
            return Err(Error::Config("a rediss:// URL needs feature `redis-tls`"));
        }
    }
    redis::Client::open(url).map_err(invalid)
}
