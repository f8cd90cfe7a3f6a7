import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A word no seed article uses, so only the added article can answer a query for it. */
export const MARKER = 'quetzalcoatlite';

export const ARTICLE = {
  title: 'Inspectors find quetzalcoatlite pills in Nogales produce trucks',
  publisher: 'Border Ledger',
  authors: ['Maria Lopez', 'Sam Carter'],
  published: '2025-03-14',
  paragraphs: [
    `Customs inspectors at the Nogales port of entry found thousands of fentanyl pills laced with ${MARKER} hidden in two produce trucks on Thursday, the agency said.`,
    `The ${MARKER} compound, a sedative seldom seen at the border, was identified by a field laboratory, and the drivers, both US citizens, were arrested at the crossing.`,
    'Officials said the seizure was the largest at the port this year and credited new scanning equipment installed in January.',
    'Mexican authorities said they would investigate the warehouse in Sonora where the trucks were loaded.',
  ],
  caption: 'Inspectors unload crates of tomatoes at the Mariposa crossing in Nogales.',
  credit: 'Photo: Border Ledger staff',
} as const;

/** Chrome the page carries around the article; none of it may reach the knowledge file. */
export const CHROME = [
  'Subscribe to our newsletter',
  'Advertisement',
  'Buy cheap sunglasses today',
  'Related: Governor visits the border wall',
  'Cartel leader extradited to Texas',
  'Great reporting, thanks!',
  'Leave a Reply',
  'Copyright 2025 Border Ledger. All rights reserved.',
  'trackingPixel',
  ARTICLE.caption,
  ARTICLE.credit,
];

/** An article page the way news sites serve it: navigation, ads, related links, comments, footer, script and a photo with a caption. */
export function articlePage(article: { title: string; paragraphs: readonly string[]; published?: string } = ARTICLE, options: { meta?: boolean } = {}): string {
  const meta = options.meta === false
    ? ''
    : `<meta property="og:title" content="${article.title}">
  <meta property="og:site_name" content="${ARTICLE.publisher}">
  <meta name="author" content="${ARTICLE.authors.join(', ')}">
  <meta property="article:published_time" content="${article.published ?? ARTICLE.published}T09:30:00Z">`;
  const [first, second, ...rest] = article.paragraphs;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${article.title} | ${ARTICLE.publisher}</title>
  ${meta}
  <script>window.trackingPixel = function () { document.title = 'x'; };</script>
  <style>.ad { color: red }</style>
</head><body>
  <header class="site-header"><a href="/">${ARTICLE.publisher}</a>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/border">Border</a></li><li><a href="/opinion">Opinion</a></li></ul></nav>
    <div class="newsletter"><p>Subscribe to our newsletter</p></div>
  </header>
  <div class="ad-banner ad"><p>Advertisement</p><p>Buy cheap sunglasses today</p></div>
  <main>
    <article>
      <h1>${article.title}</h1>
      <p class="byline">By ${ARTICLE.authors.join(' and ')}</p>
      <time datetime="${article.published ?? ARTICLE.published}">March 14, 2025</time>
      <p>${first}</p>
      <figure><img src="/trucks.jpg" alt=""><figcaption>${ARTICLE.caption} ${ARTICLE.credit}</figcaption></figure>
      <p>${second}</p>
      <div class="ad-slot"><p>Advertisement</p></div>
      ${rest.map((paragraph) => `<p>${paragraph}</p>`).join('\n      ')}
      <script>trackingPixel();</script>
    </article>
    <aside class="related"><h3>Related stories</h3><ul>
      <li><a href="/a">Related: Governor visits the border wall</a></li>
      <li><a href="/b">Cartel leader extradited to Texas</a></li>
    </ul></aside>
    <section id="comments" class="comments"><h3>2 comments</h3>
      <div class="comment"><p>Great reporting, thanks!</p></div>
      <p>Leave a Reply</p>
    </section>
  </main>
  <footer><p>Copyright 2025 Border Ledger. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>`;
}

export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface WebServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  routes: Map<string, Route>;
  /** Requests received, in order: path and the conditional headers. */
  requests: { path: string; ifNoneMatch?: string | undefined; ifModifiedSince?: string | undefined }[];
  close(): Promise<void>;
}

/** A web server on 127.0.0.1 whose pages the test defines; an unknown path is a 404. */
export async function startWebServer(): Promise<WebServer> {
  const routes = new Map<string, Route>();
  const requests: WebServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
    const route = routes.get(path);
    if (route) return route(req, res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const html = (body: string, headers: Record<string, string> = {}): Route => (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
};

/** An article on another subject entirely: a feed item the review queue should leave out. */
export const OFF_TOPIC = {
  title: 'Riverside club wins the county football cup on penalties',
  paragraphs: [
    'Riverside won the county football cup on Saturday after a tense penalty shootout that ended a goalless final in front of a record crowd.',
    'The goalkeeper saved two penalties, and the captain said the squad had practised spot kicks every evening this week.',
    'The club will hold an open-top bus parade through the town centre on Sunday afternoon, weather permitting.',
  ],
  published: '2025-03-15',
};

/** A second on-topic article, added to the knowledge base before the feed is polled. */
export const ALREADY_IN = {
  title: 'Precursor chemical shipments from China draw new sanctions',
  paragraphs: [
    'The Treasury Department sanctioned six companies accused of shipping fentanyl precursor chemicals from China to Mexican cartels, officials said on Monday.',
    'The companies sold the chemicals through online marketplaces and shipped them by courier to addresses in Sinaloa, according to the sanctions notice.',
    'Mexican officials said they would inspect containers arriving at the port of Manzanillo more closely.',
  ],
  published: '2025-02-10',
};

/** RSS 2.0 listing these links. */
export function rssFeed(links: readonly { url: string; title: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Border Ledger</title><link>https://border-ledger.example/</link>
${links.map((link) => `<item><title>${link.title}</title><link>${link.url}</link><pubDate>Fri, 14 Mar 2025 09:30:00 GMT</pubDate></item>`).join('\n')}
</channel></rss>`;
}

/** Atom listing these links. */
export function atomFeed(links: readonly { url: string; title: string }[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Border Ledger</title><id>urn:feed</id><updated>2025-03-14T09:30:00Z</updated>
${links.map((link, i) => `<entry><title>${link.title}</title><id>urn:e${i}</id><link rel="alternate" href="${link.url}"/><updated>2025-03-14T09:30:00Z</updated></entry>`).join('\n')}
</feed>`;
}

/** A feed route that answers 304 to a request carrying its ETag or Last-Modified. */
export const feed = (body: string, contentType = 'application/rss+xml'): Route => (req, res) => {
  const etag = '"feed-v1"';
  const lastModified = 'Fri, 14 Mar 2025 10:00:00 GMT';
  if (req.headers['if-none-match'] === etag || req.headers['if-modified-since'] === lastModified) {
    res.writeHead(304, { etag, 'last-modified': lastModified }).end();
    return;
  }
  res.writeHead(200, { 'content-type': contentType, etag, 'last-modified': lastModified }).end(body);
};
