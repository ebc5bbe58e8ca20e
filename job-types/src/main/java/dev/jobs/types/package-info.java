/**
 * Built-in job types. Each sub-package holds one type: its payload record, its handler and the
 * configuration that registers it; {@code export} holds what the export types share (streaming
 * rows from the database into EasyExcel, result files). {@link dev.jobs.types.ExportsAutoConfiguration}
 * registers them.
 */
package dev.jobs.types;
