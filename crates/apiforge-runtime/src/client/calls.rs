//! What a generated `calls` module reads its arguments with and judges its
//! answers by.

use std::fmt::Debug;

use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::Error;
use crate::Events;

/// `json`, a value chosen for `part` of a call to `operation`, read into its
/// generated type. The values are ones the spec allows, so one that does not
/// read is a fault of the generated code, and the call's failure.
pub fn argument<T: DeserializeOwned>(operation: &str, part: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json)
        .map_err(|error| format!("the {part} chosen for `{operation}` does not read ({error}): {json}"))
}

/// Whether an answer was read as the spec declares it: a success, or an
/// error status the spec declares, each with a body of its shape. Anything
/// else is told.
pub fn outcome<T, E: Debug>(answer: Result<T, Error<E>>) -> Result<(), String> {
    match answer {
        Ok(_) | Err(Error::Api(_)) => Ok(()),
        Err(error) => Err(error.to_string()),
    }
}

/// [`outcome`] for an event stream: every event must read too.
pub async fn events_outcome<T, E: Debug>(answer: Result<Events<T>, Error<E>>) -> Result<(), String> {
    let mut events = match answer {
        Ok(events) => events,
        Err(error) => return outcome::<(), E>(Err(error)),
    };
    while let Some(event) = events.next().await {
        event.map_err(|error| error.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::ValidationError;

    #[test]
    fn an_argument_reads_into_its_type_or_says_which_does_not() {
        assert_eq!(argument::<Vec<u8>>("listPets", "limit", "[1, 2]"), Ok(vec![1, 2]));
        let why = argument::<u8>("listPets", "limit", "\"x\"").unwrap_err();
        assert!(why.starts_with("the limit chosen for `listPets` does not read"), "{why}");
    }

    #[test]
    fn declared_answers_are_read_and_the_others_told() {
        assert_eq!(outcome::<u8, &str>(Ok(1)), Ok(()));
        assert_eq!(outcome::<u8, &str>(Err(Error::Api("NotFound"))), Ok(()));
        let refused = Error::InvalidRequest(ValidationError::new("limit", "at most 10"));
        assert!(outcome::<u8, &str>(Err(refused)).unwrap_err().starts_with("invalid request"));
        let undeclared = Error::UnexpectedStatus { status: 418, body: Default::default() };
        assert!(outcome::<u8, &str>(Err(undeclared)).unwrap_err().contains("418"));
    }

    #[tokio::test]
    async fn an_event_stream_is_read_to_its_end() {
        assert_eq!(events_outcome::<u8, &str>(Ok(Events::of(vec![1, 2]))).await, Ok(()));
        let broken = Events::new(futures_util::stream::iter([
            Ok(crate::Event::new(1)),
            Err(crate::EventError::Stream("reset".into())),
        ]));
        assert!(events_outcome::<u8, &str>(Ok(broken)).await.unwrap_err().contains("reset"));
    }
}
