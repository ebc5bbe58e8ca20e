package dev.jobs.types.notification;

import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the {@code NOTIFICATION} job type, under {@code jobs.notifications.*}. The SMTP
 * server is Spring Boot's {@code spring.mail.*}; queue settings (attempts, backoff) are
 * {@code jobs.types.NOTIFICATION.*}.
 */
@ConfigurationProperties("jobs.notifications")
public class NotificationProperties {

	/** Whether the NOTIFICATION job type is registered at all. */
	private boolean enabled = true;

	/** The sender of notification mails. */
	private String from = "jobs@localhost";

	/** The language of a notification whose payload and recipient name none (zh-CN or en). */
	private Locale defaultLocale = Locale.SIMPLIFIED_CHINESE;

	/** Job types whose owners are notified when a job ends (succeeded: file ready; failed: the reason). */
	private java.util.List<String> exportTypes = new java.util.ArrayList<>(
			java.util.List.of(dev.jobs.types.employeeexport.EmployeeExport.TYPE.name(),
					dev.jobs.types.employeeexport.EmployeeExportPack.TYPE.name(),
					dev.jobs.types.userexport.UserExport.TYPE.name()));

	public java.util.List<String> getExportTypes() {
		return exportTypes;
	}

	public void setExportTypes(java.util.List<String> exportTypes) {
		this.exportTypes = exportTypes;
	}

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getFrom() {
		return from;
	}

	public void setFrom(String from) {
		this.from = from;
	}

	public Locale getDefaultLocale() {
		return defaultLocale;
	}

	public void setDefaultLocale(Locale defaultLocale) {
		this.defaultLocale = defaultLocale;
	}

}
