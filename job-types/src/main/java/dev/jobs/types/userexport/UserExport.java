package dev.jobs.types.userexport;

import dev.jobs.core.JobType;

/** {@code USER_EXPORT}: The platform's users as an xlsx or csv file. */
public final class UserExport {

	/** The type's name and payload, for handlers, callers ({@code jobClient.submit(UserExport.TYPE, ...)}) and settings. */
	public static final JobType<UserExportPayload> TYPE = JobType.of("USER_EXPORT", UserExportPayload.class);

	private UserExport() {
	}

}
