UNWIND $rows AS row MERGE (u:User {id: row.id}) SET u.name = row.name
