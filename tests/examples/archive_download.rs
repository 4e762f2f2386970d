//! Downloads 100 MiB from the generated server to the generated client over
//! loopback, as a stream (`stream`: `send_stream()`) or read whole
//! (`whole`: `send()`), and prints the bytes read. `cargo xtask bench
//! --only stream` runs it for its time and peak memory.

use apiforge_tests::archive::{Archive, CHUNK};
use apiforge_tests::events::{server::router, Client};
use futures_util::TryStreamExt;

/// 100 MiB in all.
const CHUNKS: usize = 1600;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let whole = match std::env::args().nth(1).as_deref() {
        Some("stream") => false,
        Some("whole") => true,
        _ => return Err("usage: archive_download stream|whole".into()),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router(Archive { chunks: CHUNKS })).await });
    let client = Client::new(&base)?;
    let read = if whole {
        client.with_max_response_bytes(usize::MAX).download_archive().send().await?.len()
    } else {
        let mut body = client.download_archive().send_stream().await?;
        let mut read = 0;
        while let Some(chunk) = body.try_next().await? {
            read += chunk.len();
        }
        read
    };
    if read != CHUNK * CHUNKS {
        return Err(format!("read {read} bytes of {}", CHUNK * CHUNKS).into());
    }
    println!("{read}");
    Ok(())
}
