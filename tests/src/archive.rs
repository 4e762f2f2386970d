//! A server for the binary operations of `fixtures/events.yaml`, shared by
//! the stream tests and the example the bench measures: it stores nothing,
//! answers an upload with its size, and streams a download of sevens made
//! chunk by chunk.

use apiforge_runtime::{Binary, Bytes};
use futures_util::{stream, Stream};

use crate::events::server::{
    Api, DownloadArchiveRequest, DownloadArchiveResponse, UploadArchiveRequest, UploadArchiveResponse,
};
use crate::events::types::Stored;

/// The size of each chunk of a download.
pub const CHUNK: usize = 64 * 1024;

/// `count` chunks of sevens, each made when it is asked for.
pub fn sevens(count: usize) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    stream::iter((0..count).map(|_| Ok(Bytes::from(vec![7u8; CHUNK]))))
}

/// Downloads of `chunks` chunks of [`CHUNK`] bytes.
pub struct Archive {
    pub chunks: usize,
}

impl Api for Archive {
    async fn upload_archive(&self, req: UploadArchiveRequest) -> UploadArchiveResponse {
        UploadArchiveResponse::Created(Stored { size: req.body.len() as i64 })
    }

    async fn download_archive(&self, _: DownloadArchiveRequest) -> DownloadArchiveResponse {
        DownloadArchiveResponse::Ok(Binary::from_stream(sevens(self.chunks)))
    }
}
