package dev.jobs.app.notification;

/** No notification of the caller has this id (someone else's is not theirs: the same 404). */
class NotificationNotFoundException extends RuntimeException {

	NotificationNotFoundException(long id) {
		super("You have no notification " + id);
	}

}
