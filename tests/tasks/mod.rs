mod imports;
mod recommend;
