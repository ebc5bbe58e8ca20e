package dev.jobs.core.web;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.jobs.core.JobStatus;
import dev.jobs.core.JobView;

/** A job as the REST API shows it: the stored fields plus links to what one can do next. */
record JobResponse(@JsonUnwrapped JobView job, Map<String, String> links) {

	static JobResponse of(JobView job) {
		String self = "/api/jobs/" + job.id();
		Map<String, String> links = new LinkedHashMap<>();
		links.put("self", self);
		links.put("attempts", self + "/attempts");
		if (job.status() == JobStatus.SUCCEEDED && job.result() != null && job.result().has("file")) {
			links.put("download", self + "/result");
		}
		if (!job.status().isTerminal()) {
			links.put("cancel", self + "/cancel");
		}
		if (job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED) {
			links.put("retry", self + "/retry");
		}
		return new JobResponse(job, links);
	}

}
