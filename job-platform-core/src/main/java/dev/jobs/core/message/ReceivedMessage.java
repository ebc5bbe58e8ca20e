package dev.jobs.core.message;

/**
 * One message of a batch.
 * @param messageId the id its sender gave it: the key to de-duplicate by
 * @param payload the bound and validated payload
 * @param redelivered whether the broker delivered it before (a hint only: a first delivery can be a
 * duplicate too, if the sender re-sent it)
 */
public record ReceivedMessage<P>(String messageId, P payload, boolean redelivered) {
}
