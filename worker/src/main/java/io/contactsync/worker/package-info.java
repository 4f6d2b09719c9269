/**
 * The worker application: wires the feature packages below and dispatches operator
 * commands.
 */
package io.contactsync.worker;
