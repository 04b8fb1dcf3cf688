CREATE TABLE `login_lockouts` (
	`user_id` integer NOT NULL,
	`day` text NOT NULL,
	`attempts` integer NOT NULL,
	PRIMARY KEY(`user_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "lockout_day" CHECK(day is not null and (day is null or (date(day) = day and day between '1990-01-01' and '2100-12-31'))),
	CONSTRAINT "lockout_attempts" CHECK(typeof(attempts) = 'integer' and attempts >= 1)
);
--> statement-breakpoint
CREATE INDEX `login_lockouts_day_idx` ON `login_lockouts` (`day`);