-- The submitter's W3C trace context ("traceparent", then a space and "tracestate" if any), written by the insert
-- that creates the job and read back by the claim, so every attempt, retry and follow-up of the job joins the
-- submitter's trace. Null when the application runs without a tracer: nothing is stored, nothing is read.
alter table job add column if not exists trace_context text;
