//! Calling an operation's method of the generated `Api` trait on the
//! shared implementation, as one future that holds the `Arc` for as long as
//! the method's future borrows from it.
//!
//! Generated handlers pass the method itself (`A::get_pet`): the call is
//! written once here, where an `async move { api.get_pet(request).await }`
//! per operation would give the compiler a coroutine per operation to
//! check, most of a big server's build time after the types.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

/// A method `fn(&self, R) -> impl Future<Output = Self::Output> + Send` of
/// an `Api` trait `A`, for any lifetime of `&self`.
pub trait Method<'a, A: ?Sized + 'a, R> {
    type Output;
    type Future: Future<Output = Self::Output> + Send + 'a;

    fn call(self, api: &'a A, request: R) -> Self::Future;
}

impl<'a, A, R, M, F> Method<'a, A, R> for M
where
    A: ?Sized + 'a,
    M: FnOnce(&'a A, R) -> F,
    F: Future + Send + 'a,
{
    type Output = F::Output;
    type Future = F;

    fn call(self, api: &'a A, request: R) -> F {
        self(api, request)
    }
}

pin_project! {
    /// The future of [`call`]. `future` is declared first, so it is
    /// dropped before the `Arc` it borrows from.
    pub struct Call<A, F> {
        #[pin]
        future: F,
        api: Arc<A>,
    }
}

impl<A, F: Future> Future for Call<A, F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.project().future.poll(cx)
    }
}

/// `method(&api, request)`, awaited with `api` kept alive.
pub fn call<A, R, M, T>(api: Arc<A>, request: R, method: M) -> Call<A, <M as Method<'static, A, R>>::Future>
where
    A: 'static,
    M: for<'a> Method<'a, A, R, Output = T>,
{
    // SAFETY: the reference points into the `Arc`'s allocation, which does
    // not move and is freed only after `Call` drops `future` (declared
    // before `api`, and `Call` never gives either out). The `'static` it is
    // given cannot escape: `M` must work for every lifetime of the
    // reference, so it cannot keep the reference beyond what the lifetime it
    // is handed allows, and its output `T` is the same for every lifetime,
    // so it holds no reference into `api`.
    let shared: &'static A = unsafe { &*Arc::as_ptr(&api) };
    Call { future: method.call(shared, request), api }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Counter(std::sync::atomic::AtomicU64);

    impl Counter {
        async fn add(&self, by: u64) -> u64 {
            tokio::task::yield_now().await;
            self.0.fetch_add(by, std::sync::atomic::Ordering::SeqCst) + by
        }
    }

    fn assert_send<T: Send>(value: T) -> T {
        value
    }

    #[tokio::test]
    async fn the_method_runs_on_the_shared_value_and_the_future_is_send() {
        let api = Arc::new(Counter(0.into()));
        assert_eq!(assert_send(call(api.clone(), 2, Counter::add)).await, 2);
        assert_eq!(call(api.clone(), 3, Counter::add).await, 5);
    }

    #[tokio::test]
    async fn the_call_keeps_the_value_alive_after_the_caller_lets_go() {
        let api = Arc::new(Counter(0.into()));
        let weak = Arc::downgrade(&api);
        let pending = call(api, 4, Counter::add);
        assert!(weak.upgrade().is_some(), "the call holds the value");
        assert_eq!(pending.await, 4);
        assert!(weak.upgrade().is_none(), "and lets go of it once done");
    }
}
