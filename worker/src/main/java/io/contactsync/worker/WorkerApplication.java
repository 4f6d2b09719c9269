package io.contactsync.worker;

import io.contactsync.contracts.RegistrySerdes;
import io.contactsync.worker.cli.WorkerCommand;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The contact-sync worker; {@code --help} lists its commands ({@code run}, the default,
 * {@code replay}, {@code snapshot}) and main properties.
 */
@SpringBootApplication
public class WorkerApplication {

	public static void main(String[] args) {
		RegistrySerdes.trustContractClasses();
		// No exit while the worker runs: its threads keep the JVM alive until it is
		// stopped.
		WorkerCommand.execute(WorkerApplication.class, args).ifPresent(System::exit);
	}

}
