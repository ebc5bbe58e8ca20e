/**
 * Built-in job types. Each sub-package holds one type: its {@code TYPE} constant (name and payload
 * class), its payload record, its handler and the configuration that registers it; {@code export}
 * holds what the export types share (streaming rows from the database into EasyExcel, result files).
 *
 * <p>What each type needs from the application (a second application can use the module without
 * platform-app; switch off the types whose data it does not have):
 * <ul>
 * <li>{@code NOTIFICATION}: its tables come with this module's migrations ({@link dev.jobs.types.JobTypesSchema},
 * history table {@code job_types_schema_history}); its users come from a
 * {@link dev.jobs.types.notification.UserDirectory} bean (default: table {@code app_user}). Off:
 * {@code jobs.notifications.enabled=false}.</li>
 * <li>{@code EMPLOYEE_EXPORT}: reads the application's table {@code employee} (id, name, gender, age,
 * department, position, hire_date, salary, avatar, created_at, updated_at, deleted). Off:
 * {@code jobs.exports.employee.enabled=false}.</li>
 * <li>{@code USER_EXPORT}: reads the application's table {@code app_user}. Off:
 * {@code jobs.exports.user.enabled=false}.</li>
 * </ul>
 * Who may submit each type is configuration ({@code jobs.types.<TYPE>.submit-roles}); this module's
 * defaults are in {@code META-INF/jobs/type-defaults.properties}.
 */
package dev.jobs.types;
