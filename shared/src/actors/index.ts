export { Mailbox, type MailboxOptions, type ActorHandler, type ActorContext } from './mailbox';
export { readActorMessage, ACTOR_ID_HEADER, type ActorMessage } from './actor-message';
export { declareMailbox, mailboxNames, type MailboxNames } from './mailbox-topology';
export { scheduleReminder, cancelReminder, type ReminderInput, type Reminder } from './reminders';
export { ReminderScheduler, type ReminderSchedulerOptions, type ReminderHandler } from './reminder-scheduler';
