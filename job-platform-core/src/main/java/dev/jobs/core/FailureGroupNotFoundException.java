package dev.jobs.core;

/** No failure group has this fingerprint (or none of its jobs is failed or waiting to retry any more). */
public class FailureGroupNotFoundException extends JobsException {

	public FailureGroupNotFoundException(String fingerprint) {
		super("No failure group with fingerprint " + fingerprint);
	}

}
