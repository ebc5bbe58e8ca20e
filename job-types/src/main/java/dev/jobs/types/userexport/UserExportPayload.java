package dev.jobs.types.userexport;

import dev.jobs.types.export.ExportFormat;

/**
 * {@code USER_EXPORT}: which users to export and how. Both filters are optional.
 *
 * @param role only users with this role
 * @param status only users in this status
 * @param format {@code XLSX} (default) or {@code CSV}
 */
public record UserExportPayload(Role role, Status status, ExportFormat format) {

	public UserExportPayload {
		format = (format != null) ? format : ExportFormat.XLSX;
	}

	/** The roles of {@code app_user.role}, with the label the export shows. */
	public enum Role {

		SUPER_ADMIN("超级管理员"), MANAGER("经理"), USER("普通用户"), AUDITOR("审计员");

		private final String label;

		Role(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

	}

	/** The states of {@code app_user.status}, with the label the export shows. */
	public enum Status {

		ACTIVE("启用"), DISABLED("禁用");

		private final String label;

		Status(String label) {
			this.label = label;
		}

		public String label() {
			return label;
		}

	}

}
