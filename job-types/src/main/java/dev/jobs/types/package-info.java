/**
 * Built-in job types. Each sub-package holds one type: its payload record and its handler bean.
 */
package dev.jobs.types;
