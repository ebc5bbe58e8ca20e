package dev.jobs.core.result;

import java.util.UUID;

import org.springframework.http.HttpStatus;

/** Why a job's result file cannot be served; becomes a problem response with this status. */
class ResultUnavailableException extends RuntimeException {

	private final HttpStatus status;

	private final String problemType;

	private final String title;

	private final UUID jobId;

	private final String jobStatus;

	ResultUnavailableException(HttpStatus status, String problemType, String title, UUID jobId, String jobStatus,
			String detail) {
		super(detail);
		this.status = status;
		this.problemType = problemType;
		this.title = title;
		this.jobId = jobId;
		this.jobStatus = jobStatus;
	}

	HttpStatus status() {
		return status;
	}

	String problemType() {
		return problemType;
	}

	String title() {
		return title;
	}

	UUID jobId() {
		return jobId;
	}

	String jobStatus() {
		return jobStatus;
	}

}
