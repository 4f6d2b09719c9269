package io.contactsync.worker.merge;

/**
 * An identifier of the command that was not applied because another contact of the tenant
 * owns it (HighLevel: "ignore the second field to prevent duplicate records").
 *
 * @param kind email or phone
 * @param value the normalized identifier
 * @param owner the contact that keeps it
 */
public record IgnoredIdentifier(IdentifierKind kind, String value, ContactId owner) {
}
