/** The photos a caller's text carried, as links beside it (never embedded: see README, "Photos"). */
import type { FC } from "hono/jsx";
import { mediaLabel } from "../../rules/media";
import type { MessageMedia } from "../../vocabulary";

/**
 * One link per file, opened in a new tab without a referrer, so the carrier's server never learns
 * the admin page's address; nothing is fetched until a person clicks. A Twilio account that
 * protects its media asks for its own login there.
 */
export const MediaLinks: FC<{ media: readonly MessageMedia[] | null | undefined }> = ({ media }) =>
  media && media.length > 0 ? (
    <ul class="media" aria-label="Photos">
      {media.map((m, i) => (
        <li>
          <a href={m.url} rel="noreferrer" target="_blank">
            {mediaLabel(m, i)}
          </a>
        </li>
      ))}
    </ul>
  ) : null;
