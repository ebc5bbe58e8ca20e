package dev.jobs.core;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

import dev.jobs.core.JobAdmin.Access;

/**
 * The one decision of who may look and who may act: administrators act on everything, readers (e.g. auditors) see
 * everything and change nothing, everyone else sees and changes only what they own. The job API
 * ({@link JobPermissions}), the operators' {@link JobAdmin} (and so the dashboard), the operation log and an
 * application's own filters all ask an instance of this class, so the rule is written once. Pure: roles in,
 * answer out; who the caller is (a servlet request, a security context) is the asker's business.
 * <p>
 * The job platform's policy is {@code jobs.api.admin-roles} and {@code jobs.api.reader-roles}
 * ({@link JobPermissions#policy()}); a record nobody changes, such as the operation log, has readers only
 * ({@link #readersOnly}).
 */
public final class AccessPolicy {

	private final List<String> adminRoles;

	private final List<String> readerRoles;

	/**
	 * @param adminRoles roles that see and change everything
	 * @param readerRoles roles that see everything and change nothing; an administrator role wins over them
	 */
	public AccessPolicy(Collection<String> adminRoles, Collection<String> readerRoles) {
		this.adminRoles = List.copyOf(adminRoles);
		this.readerRoles = List.copyOf(readerRoles);
	}

	/** A policy where nobody acts and {@code readerRoles} read: for a record nobody changes. */
	public static AccessPolicy readersOnly(Collection<String> readerRoles) {
		return new AccessPolicy(List.of(), readerRoles);
	}

	/**
	 * What someone holding these roles may do: {@link Access#ACT} with an administrator role, else
	 * {@link Access#READ} with a reader role, else {@link Access#NONE} (only what they own).
	 * @param hasRole whether the caller holds a role (without the {@code ROLE_} prefix), e.g.
	 * {@code request::isUserInRole}
	 */
	public Access access(Predicate<String> hasRole) {
		if (adminRoles.stream().anyMatch(hasRole)) {
			return Access.ACT;
		}
		return readerRoles.stream().anyMatch(hasRole) ? Access.READ : Access.NONE;
	}

	/** Whether a caller named {@code caller} with these roles may see what {@code owner} owns. */
	public boolean maySee(String owner, String caller, Predicate<String> hasRole) {
		return maySee(access(hasRole), owner, caller);
	}

	/**
	 * Whether a caller named {@code caller}, whose roles this policy answered with {@code access}, may see what
	 * {@code owner} owns: everyone who reads sees everything, everyone else only their own.
	 */
	public static boolean maySee(Access access, String owner, String caller) {
		return access != Access.NONE || (owner != null && owner.equals(caller));
	}

	/** Whether a role is an administrator role: for decisions made without a caller. */
	public boolean isAdminRole(String role) {
		return adminRoles.contains(role);
	}

	/** The administrator roles, for messages that tell a refused caller whom to ask. */
	public List<String> adminRoles() {
		return adminRoles;
	}

	/** The reader roles, for messages. */
	public List<String> readerRoles() {
		return readerRoles;
	}

	@Override
	public String toString() {
		return "AccessPolicy[act=" + adminRoles + ", read=" + readerRoles + "]";
	}

}
