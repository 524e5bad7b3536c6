//! The job runner: named periodic jobs, each run at most once per interval across every
//! instance sharing the database.
//!
//! Each job has a row in `jobs`. An instance that finds it due (`next_run_at` passed, no live
//! lease) claims it with one conditional UPDATE — only one claimer can win — runs it, then
//! sets the next run and records the outcome. A claimer that dies leaves a lease that expires
//! after `lease`, and the job is picked up again. Runs that did work or failed go to
//! `job_runs` (kept 14 days); every run is a tracing span.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use services::args;
use services::db::{Db, Ts};
use tokio::task::JoinHandle;
use tracing::Instrument;

/// A job's work at a given instant: how many things it handled.
pub type Work =
    Arc<dyn Fn(Ts) -> Pin<Box<dyn Future<Output = anyhow::Result<u64>> + Send>> + Send + Sync>;

/// One periodic job.
#[derive(Clone)]
pub struct JobSpec {
    pub name: &'static str,
    pub every: Duration,
    /// After a run that took `d`, wait at least `d × pause_factor` (0: just `every`) — keeps a
    /// heavy job to a fraction of a core.
    pub pause_factor: u32,
    pub work: Work,
}

impl JobSpec {
    pub fn new<F, Fut>(name: &'static str, every: Duration, work: F) -> JobSpec
    where
        F: Fn(Ts) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = anyhow::Result<u64>> + Send + 'static,
    {
        JobSpec {
            name,
            every,
            pause_factor: 0,
            work: Arc::new(move |now| Box::pin(work(now))),
        }
    }
}

/// Runs, failures and handled items per job in this process (for `/metrics`).
#[derive(Default, Debug)]
pub struct JobCounters {
    pub runs: AtomicU64,
    pub failures: AtomicU64,
    pub items: AtomicU64,
}

/// Each job's counters, by name.
pub type CounterList = Arc<std::sync::Mutex<Vec<(&'static str, Arc<JobCounters>)>>>;

/// Claims, runs and records jobs for one instance.
#[derive(Clone)]
pub struct Runner {
    pub db: Db,
    pub instance: String,
    /// A claim older than this is presumed dead.
    pub lease: Duration,
    pub counters: CounterList,
}

/// What [`Runner::run_if_due`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not due, or another instance holds it.
    Skipped,
    Ran {
        items: u64,
    },
    Failed(String),
}

impl Runner {
    pub fn new(db: Db, instance: String, lease: Duration) -> Runner {
        Runner {
            db,
            instance,
            lease,
            counters: Arc::default(),
        }
    }

    fn counters_for(&self, name: &'static str) -> Arc<JobCounters> {
        let mut all = self.counters.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, c)) = all.iter().find(|(n, _)| *n == name) {
            return c.clone();
        }
        let c = Arc::new(JobCounters::default());
        all.push((name, c.clone()));
        c
    }

    /// Makes sure the job has its row (due now when new) and its current interval.
    pub async fn register(&self, spec: &JobSpec) -> anyhow::Result<()> {
        let every_ms = i64::try_from(spec.every.as_millis())
            .unwrap_or(i64::MAX)
            .max(1);
        self.db
            .exec(
                "INSERT INTO jobs (name, every_ms, next_run_at) VALUES ($1, $2, $3)
                 ON CONFLICT (name) DO UPDATE SET every_ms = excluded.every_ms",
                args![spec.name, every_ms, Ts::now()],
            )
            .await?;
        Ok(())
    }

    /// Runs `spec` when it is due at `now` and this instance wins the claim.
    pub async fn run_if_due(&self, spec: &JobSpec, now: Ts) -> anyhow::Result<Outcome> {
        let due: Option<(i64,)> = self
            .db
            .opt(
                "SELECT every_ms FROM jobs WHERE name = $1 AND next_run_at <= $2
                   AND (lease_until IS NULL OR lease_until < $2)",
                args![spec.name, now],
            )
            .await?;
        if due.is_none() {
            return Ok(Outcome::Skipped);
        }
        let claimed = self
            .db
            .exec(
                "UPDATE jobs SET leased_by = $1, lease_until = $2, last_started_at = $3
                  WHERE name = $4 AND next_run_at <= $3 AND (lease_until IS NULL OR lease_until < $3)",
                args![self.instance.as_str(), now.plus(self.lease), now, spec.name],
            )
            .await?;
        if claimed != 1 {
            return Ok(Outcome::Skipped);
        }
        let counters = self.counters_for(spec.name);
        let started = Instant::now();
        let span = tracing::info_span!("job", job = spec.name, instance = %self.instance);
        // A panicking job is a failed run, not a dead loop holding its lease.
        let result = match futures::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(
            (spec.work)(now).instrument(span.clone()),
        ))
        .await
        {
            Ok(r) => r,
            Err(panic) => Err(anyhow::anyhow!(
                "the job panicked: {}",
                panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default()
            )),
        };
        let took = started.elapsed();
        let finished = Ts::now();
        let pause = spec.every.max(took * spec.pause_factor);
        let duration_ms = i64::try_from(took.as_millis()).unwrap_or(i64::MAX);
        counters.runs.fetch_add(1, Ordering::Relaxed);
        let (status, items, error) = match &result {
            Ok(n) => {
                counters.items.fetch_add(*n, Ordering::Relaxed);
                if *n > 0 {
                    span.in_scope(|| tracing::info!(items = n, duration_ms, "job ran"));
                }
                ("OK", i64::try_from(*n).unwrap_or(i64::MAX), None)
            }
            Err(e) => {
                counters.failures.fetch_add(1, Ordering::Relaxed);
                span.in_scope(
                    || tracing::warn!(error = %format!("{e:#}"), duration_ms, "job failed"),
                );
                ("FAILED", 0, Some(format!("{e:#}")))
            }
        };
        let failed = i64::from(error.is_some());
        self.db
            .exec(
                "UPDATE jobs SET leased_by = NULL, lease_until = NULL, next_run_at = $1,
                        runs = runs + 1, failures = failures + $2, last_finished_at = $3,
                        last_duration_ms = $4, last_items = $5, last_status = $6, last_instance = $7,
                        last_error = CASE WHEN $2 = 1 THEN $8 ELSE last_error END,
                        last_error_at = CASE WHEN $2 = 1 THEN $3 ELSE last_error_at END
                  WHERE name = $9 AND leased_by = $7",
                args![
                    finished.plus(pause),
                    failed,
                    finished,
                    duration_ms,
                    items,
                    status,
                    self.instance.as_str(),
                    error.clone(),
                    spec.name
                ],
            )
            .await?;
        if items > 0 || error.is_some() {
            self.db
                .exec(
                    "INSERT INTO job_runs (job, instance, started_at, finished_at, duration_ms, items, status, error)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    args![
                        spec.name,
                        self.instance.as_str(),
                        now,
                        finished,
                        duration_ms,
                        items,
                        status,
                        error.clone()
                    ],
                )
                .await?;
        }
        Ok(match error {
            None => Outcome::Ran {
                items: u64::try_from(items).unwrap_or(0),
            },
            Some(e) => Outcome::Failed(e),
        })
    }

    /// Polls `spec` (at least every 15 s, or its interval if shorter) for as long as the task
    /// lives.
    pub fn spawn(&self, spec: JobSpec) -> JoinHandle<()> {
        let runner = self.clone();
        tokio::spawn(async move {
            if let Err(e) = runner.register(&spec).await {
                tracing::error!(job = spec.name, error = %format!("{e:#}"), "registering the job failed");
            }
            let poll = spec.every.min(Duration::from_secs(15));
            // Instances started together should not poll in lockstep.
            let jitter = rand::random::<u64>() % (poll.as_millis() as u64).max(1);
            tokio::time::sleep(Duration::from_millis(jitter)).await;
            let mut tick = tokio::time::interval(poll);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = runner.run_if_due(&spec, Ts::now()).await {
                    tracing::warn!(job = spec.name, error = %format!("{e:#}"), "job bookkeeping failed");
                }
            }
        })
    }
}

/// Deletes logged runs older than `keep`.
pub async fn prune_runs(db: &Db, keep: Duration, now: Ts) -> anyhow::Result<u64> {
    Ok(db
        .exec(
            "DELETE FROM job_runs WHERE started_at < $1",
            args![now.minus(keep)],
        )
        .await?)
}
