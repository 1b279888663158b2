-- The photos (MMS) a caller's text carried: a JSON array of {url, contentType}, at most 10; null without any.
ALTER TABLE `messages` ADD `media` text;